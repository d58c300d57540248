/// A byte-level trie over token sequences, for matching lexicon phrases against tokenized text
/// without building strings: each token's bytes are walked (case folded through
/// ``ByteClass/symbol``), and consecutive tokens are joined by the separator symbol.
///
/// A phrase may end in a stem (`atelecta*`): its last word then matches any word that starts
/// with the stem. Lookups pick the longest phrase starting at a token.
///
/// Storage is one flat `Int32` table, ``stride`` entries per node: the child per symbol (-1 for
/// none), then the payload index of the phrase ending exactly here, then that of the stem ending
/// here (-1 for none).
struct PhraseTrie<Payload: Sendable>: Sendable {
    private static var stride: Int { ByteClass.symbolCount &+ 2 }
    private static var exactSlot: Int { ByteClass.symbolCount }
    private static var stemSlot: Int { ByteClass.symbolCount &+ 1 }

    private var table: [Int32]
    private let symbols: [UInt8] = ByteClass.symbol
    private(set) var payloads: [Payload] = []

    init() {
        table = [Int32](repeating: -1, count: PhraseTrie.stride)
    }

    /// Adds a phrase given as lower-case words (the last may be a stem).
    mutating func insert(words: [String], isStem: Bool, payload: Payload) throws(PhraseInsertError) {
        guard !words.isEmpty else { throw .empty }
        var node = 0
        for (wordIndex, word) in words.enumerated() {
            if wordIndex > 0 { node = child(of: node, symbol: ByteClass.separatorSymbol) }
            for byte in word.utf8 {
                let symbol = ByteClass.symbol[Int(byte)]
                guard symbol != ByteClass.unknownSymbol else { throw .unsupportedCharacter }
                node = child(of: node, symbol: symbol)
            }
        }
        let slot = node &* PhraseTrie.stride &+ (isStem ? PhraseTrie.stemSlot : PhraseTrie.exactSlot)
        guard table[slot] < 0 else { throw .duplicate(existing: Int(table[slot])) }
        table[slot] = Int32(payloads.count)
        payloads.append(payload)
    }

    private mutating func child(of node: Int, symbol: UInt8) -> Int {
        let slot = node &* PhraseTrie.stride &+ Int(symbol)
        if table[slot] >= 0 { return Int(table[slot]) }
        let new = table.count / PhraseTrie.stride
        table[slot] = Int32(new)
        table.append(contentsOf: repeatElement(-1, count: PhraseTrie.stride))
        return new
    }

    /// The longest phrase starting at token `start` and ending before token `limit`: the index
    /// of its last token and its payload index.
    func longestMatch(at start: Int, limit: Int, tokens: UnsafeBufferPointer<Token>,
                      bytes: UnsafeBufferPointer<UInt8>) -> (last: Int, payload: Int32)? {
        table.withUnsafeBufferPointer { table in
            symbols.withUnsafeBufferPointer { symbols in
                let stride = PhraseTrie.stride
                var best: (last: Int, payload: Int32)? = nil
                var base = 0 // node * stride
                var index = start
                while index < limit {
                    let token = tokens[index]
                    var stemHit: Int32 = -1
                    var position = Int(token.start)
                    let end = Int(token.end)
                    while position < end {
                        let target = table[base &+ Int(symbols[Int(bytes[position])])]
                        // A stem that matched earlier in this word still holds when the walk fails.
                        if target < 0 { return stemHit >= 0 ? (index, stemHit) : best }
                        base = Int(target) &* stride
                        let stem = table[base &+ stride &- 1]
                        if stem >= 0 { stemHit = stem }
                        position &+= 1
                    }
                    let exact = table[base &+ stride &- 2]
                    if exact >= 0 { best = (index, exact) } else if stemHit >= 0 { best = (index, stemHit) }
                    let separator = table[base &+ Int(ByteClass.separatorSymbol)]
                    if separator < 0 { return best }
                    base = Int(separator) &* stride
                    index &+= 1
                }
                return best
            }
        }
    }
}

/// Why a phrase could not be added to a ``PhraseTrie``.
enum PhraseInsertError: Error, Equatable {
    case empty
    case unsupportedCharacter
    /// The phrase is already in the trie (with the payload at that index).
    case duplicate(existing: Int)
}
