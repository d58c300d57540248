public import Foundation

/// A Hugging Face `tokenizer.json` with a Unigram model and the Metaspace pre-tokenizer (what
/// XLM-RoBERTa ships), run the way the `tokenizers` library runs it: special added tokens split
/// out of the raw text, the declared normalizer (see ``TextNormalizer``), Metaspace (spaces → `▁`,
/// a `▁` prepended, split before each `▁`), Unigram per word, then the post-processor's
/// specials (`<s> $A </s>` from `TemplateProcessing` or `RobertaProcessing`).
public struct HuggingFaceTokenizer: TextTokenizer {
    public let model: UnigramModel
    public let normalizer: TextNormalizer?
    public let replacement: Character
    /// `always`, `first` or `never` (HF `prepend_scheme`).
    public let prependScheme: String
    public let splitWords: Bool
    public let prefix: [Int32], suffix: [Int32]
    public let padID: Int32
    /// The `tokenizer.json` this was read from (written back into checkpoints unchanged).
    public let json: Data
    /// Added tokens matched in the raw text before normalisation, longest first.
    let addedTokens: [(content: String, id: Int32)]

    /// `<mask>` as an added token, else as a piece of the vocabulary (SentencePiece conversions
    /// put it last).
    public var maskID: Int32? {
        addedTokens.first { $0.content == "<mask>" }?.id ?? model.pieces.lastIndex { $0.0 == "<mask>" }.map(Int32.init)
    }
    public var specialIDs: Set<Int32> { Set(addedTokens.map(\.id) + prefix + suffix + [padID]) }

    /// A piece that begins with the Metaspace replacement (`▁`) starts a word.
    public func beginsWord(_ id: Int32) -> Bool {
        Int(id) < model.pieces.count && model.pieces[Int(id)].0.first == replacement
    }

    public var vocabularySize: Int { max(model.pieces.count, Int(addedTokens.map(\.id).max() ?? 0) + 1) }

    /// Reads a `tokenizer.json`.
    public init(contentsOf url: URL) throws(CheckpointError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CheckpointError("cannot read \(url.path): \(error.localizedDescription)") }
        try self.init(json: data)
    }

    public init(json data: Data) throws(CheckpointError) {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw CheckpointError("tokenizer.json is not a JSON object")
        }
        json = data
        guard let m = root["model"] as? [String: Any], m["type"] as? String == "Unigram",
              let vocab = m["vocab"] as? [[Any]] else {
            throw CheckpointError("tokenizer.json: only Unigram models are supported")
        }
        if m["byte_fallback"] as? Bool == true { throw CheckpointError("tokenizer.json: byte_fallback is not supported") }
        var pieces: [(String, Double)] = []
        pieces.reserveCapacity(vocab.count)
        for entry in vocab {
            guard entry.count == 2, let piece = entry[0] as? String, let score = (entry[1] as? NSNumber)?.doubleValue else {
                throw CheckpointError("tokenizer.json: bad vocabulary entry \(entry)")
            }
            pieces.append((piece, score))
        }
        guard let unk = m["unk_id"] as? Int else { throw CheckpointError("tokenizer.json: the Unigram model has no unk_id") }
        model = UnigramModel(pieces: pieces, unknownID: Int32(unk))
        let ids = Dictionary(pieces.enumerated().map { ($0.element.0, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })

        if let n = root["normalizer"] as? [String: Any] { normalizer = try TextNormalizer.parse(n) } else { normalizer = nil }

        var meta = root["pre_tokenizer"] as? [String: Any]
        if meta?["type"] as? String == "Sequence", let list = meta?["pretokenizers"] as? [[String: Any]], list.count == 1 { meta = list[0] }
        guard let meta, meta["type"] as? String == "Metaspace" else {
            throw CheckpointError("tokenizer.json: only the Metaspace pre-tokenizer is supported")
        }
        replacement = (meta["replacement"] as? String)?.first ?? "▁"
        if let scheme = meta["prepend_scheme"] as? String { prependScheme = scheme } else {
            prependScheme = (meta["add_prefix_space"] as? Bool ?? true) ? "always" : "never"
        }
        splitWords = meta["split"] as? Bool ?? true

        var added: [(String, Int32)] = []
        for t in root["added_tokens"] as? [[String: Any]] ?? [] {
            if let content = t["content"] as? String, let id = t["id"] as? Int, t["special"] as? Bool ?? true { added.append((content, Int32(id))) }
        }
        addedTokens = added.sorted { $0.0.count > $1.0.count }.map { (content: $0.0, id: $0.1) }
        func special(_ name: String) -> Int32? { added.first { $0.0 == name }?.1 ?? ids[name] }

        (prefix, suffix) = try Self.parsePostProcessor(root["post_processor"] as? [String: Any], special: special)
        padID = special("<pad>") ?? 1
    }

    static func parsePostProcessor(_ p: [String: Any]?, special: (String) -> Int32?) throws(CheckpointError) -> ([Int32], [Int32]) {
        guard let p else { return ([], []) }
        switch p["type"] as? String {
        case "RobertaProcessing", "BertProcessing":
            let cls = (p["cls"] as? [Any])?.last as? Int, sep = (p["sep"] as? [Any])?.last as? Int
            guard let cls, let sep else { throw CheckpointError("tokenizer.json: post-processor without cls/sep") }
            return ([Int32(cls)], [Int32(sep)])
        case "TemplateProcessing":
            var before: [Int32] = [], after: [Int32] = [], seen = false
            for item in p["single"] as? [[String: Any]] ?? [] {
                if item["Sequence"] != nil { seen = true; continue }
                guard let s = item["SpecialToken"] as? [String: Any], let name = s["id"] as? String else { continue }
                let idsFromMap = ((p["special_tokens"] as? [String: Any])?[name] as? [String: Any])?["ids"] as? [Int]
                guard let tokenIDs = idsFromMap?.map(Int32.init) ?? special(name).map({ [$0] }) else {
                    throw CheckpointError("tokenizer.json: unknown special token \(name) in the template")
                }
                if seen { after += tokenIDs } else { before += tokenIDs }
            }
            return (before, after)
        case nil: return ([], [])
        case let other?: throw CheckpointError("tokenizer.json: post-processor \(other) is not supported")
        }
    }

    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        withSpecials(prefix, encodeContent(text), suffix, maxLength: maxLength)
    }

    /// The ids of `text` without the post-processor's specials.
    public func encodeContent(_ text: String) -> [Int32] {
        var out: [Int32] = []
        for (index, part) in splitAddedTokens(text).enumerated() {
            switch part {
            case .token(let id): out.append(id)
            case .text(let s):
                let normalized = normalizer.map { $0(s) } ?? s
                for word in preTokenize(normalized, first: index == 0) { out += model.encode(word) }
            }
        }
        return out
    }

    enum Part { case text(String), token(Int32) }

    func splitAddedTokens(_ text: String) -> [Part] {
        guard !addedTokens.isEmpty else { return [.text(text)] }
        var parts: [Part] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            var earliest: (Range<Substring.Index>, Int32)? = nil
            for t in addedTokens {
                if let r = rest.range(of: t.content, options: .literal), earliest == nil || r.lowerBound < earliest!.0.lowerBound {
                    earliest = (r, t.id)
                }
            }
            guard let (r, id) = earliest else { parts.append(.text(String(rest))); break }
            if r.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<r.lowerBound]))) }
            parts.append(.token(id))
            rest = rest[r.upperBound...]
        }
        return parts
    }

    /// Metaspace: spaces become the replacement, one is prepended per the scheme, and the text is
    /// split before each replacement character.
    func preTokenize(_ text: String, first: Bool) -> [String] {
        if text.isEmpty { return [] }
        let rep = replacement.unicodeScalars.first!
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars { scalars.append(s == " " ? rep : s) }
        let prepend = prependScheme == "always" || (prependScheme == "first" && first)
        if prepend && scalars.first != rep { scalars.insert(rep, at: scalars.startIndex) }
        guard splitWords else { return [String(scalars)] }
        var words: [String] = [], current = String.UnicodeScalarView()
        for s in scalars {
            if s == rep && !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
            current.append(s)
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
