/// A SentencePiece Unigram model with Hugging Face `tokenizers` semantics: the highest-scoring
/// segmentation (Viterbi over a trie of pieces, scores in `Double`), an unknown character scored
/// `min score − 10`, and runs of unknown characters fused into one `<unk>`.
public struct UnigramModel: Sendable {
    /// `(piece, log-probability)` by id.
    public let pieces: [(String, Double)]
    public let unknownID: Int32
    let minScore: Double
    // Trie over Unicode scalars: children per node, and the id that ends there (−1 if none).
    let children: [[UInt32: Int32]]
    let terminal: [Int32]

    public init(pieces: [(String, Double)], unknownID: Int32) {
        self.pieces = pieces
        self.unknownID = unknownID
        minScore = pieces.map(\.1).min() ?? 0
        var children: [[UInt32: Int32]] = [[:]], terminal: [Int32] = [-1]
        for (id, (piece, _)) in pieces.enumerated() where !piece.isEmpty {
            var node: Int32 = 0
            for s in piece.unicodeScalars {
                if let next = children[Int(node)][s.value] { node = next; continue }
                children.append([:])
                terminal.append(-1)
                let next = Int32(children.count - 1)
                children[Int(node)][s.value] = next
                node = next
            }
            if terminal[Int(node)] < 0 { terminal[Int(node)] = Int32(id) }
        }
        self.children = children
        self.terminal = terminal
    }

    /// The ids of one pre-tokenized word.
    public func encode(_ word: String) -> [Int32] {
        let scalars = Array(word.unicodeScalars)
        let n = scalars.count
        if n == 0 { return [] }
        let unkScore = minScore - 10
        var best = [Double](repeating: 0, count: n + 1)
        var start = [Int](repeating: -1, count: n + 1)
        var id = [Int32](repeating: -1, count: n + 1)
        for i in 0..<n {
            if i > 0 && start[i] < 0 { continue } // unreachable (cannot happen: unk covers every char)
            let base = best[i]
            var hasSingle = false
            var node: Int32 = 0, j = i
            while j < n, let next = children[Int(node)][scalars[j].value] {
                node = next
                j += 1
                let t = terminal[Int(node)]
                guard t >= 0 else { continue }
                let score = base + pieces[Int(t)].1
                if start[j] < 0 || score > best[j] { best[j] = score; start[j] = i; id[j] = t }
                if j == i + 1 { hasSingle = true }
            }
            if !hasSingle {
                let score = base + unkScore
                if start[i + 1] < 0 || score > best[i + 1] { best[i + 1] = score; start[i + 1] = i; id[i + 1] = unknownID }
            }
        }
        var out: [Int32] = []
        var end = n
        while end > 0 {
            let t = id[end]
            if !(t == unknownID && out.last == unknownID) { out.append(t) } // fuse runs of <unk>
            end = start[end]
        }
        return out.reversed()
    }
}
