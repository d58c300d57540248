public import Foundation
import Tensors

/// Keeps only the tokens a corpus uses (and every special), the way small multilingual models keep
/// XLM-R's 250,002-row embedding table from dominating memory: a medical corpus in 21 languages
/// uses a few tens of thousands of pieces. The pruned tokenizer segments every text of the corpus
/// into the same pieces as before (Unigram's best segmentation only ever used kept pieces; the
/// pieces' order and scores are kept), with ids renumbered densely in the old order; the model's
/// word-embedding rows and MLM bias are gathered to match. Text outside the corpus may segment
/// differently (into kept pieces, or `<unk>`).
public struct VocabularyPruning {
    /// The old id of each new id (ascending).
    public let keptIDs: [Int32]
    public let tokenizer: HuggingFaceTokenizer

    /// The new id of an old one (nil when pruned).
    public func newID(_ old: Int32) -> Int32? { newIDs[old] }
    private let newIDs: [Int32: Int32]

    /// Prunes `tokenizer` to the pieces `texts` use, the specials and `<unk>`.
    public init(_ tokenizer: HuggingFaceTokenizer, keeping texts: [String]) throws(CheckpointError) {
        var used = Set<Int32>(tokenizer.specialIDs)
        used.insert(tokenizer.model.unknownID)
        if let mask = tokenizer.maskID { used.insert(mask) }
        for text in texts { used.formUnion(tokenizer.encodeContent(text)) }
        let kept = used.sorted()
        var newIDs: [Int32: Int32] = [:]
        for (new, old) in kept.enumerated() { newIDs[old] = Int32(new) }
        self.keptIDs = kept
        self.newIDs = newIDs
        self.tokenizer = try HuggingFaceTokenizer(json: Self.prunedJSON(tokenizer, kept: kept, newIDs: newIDs))
    }

    /// The tokenizer file with the kept vocabulary and every id renumbered.
    static func prunedJSON(_ tokenizer: HuggingFaceTokenizer, kept: [Int32], newIDs: [Int32: Int32]) throws(CheckpointError) -> Data {
        guard var root = (try? JSONSerialization.jsonObject(with: tokenizer.json)) as? [String: Any],
              var model = root["model"] as? [String: Any], let vocab = model["vocab"] as? [[Any]] else {
            throw CheckpointError("tokenizer.json: cannot read it back for pruning")
        }
        func renumber(_ id: Int) -> Int? { newIDs[Int32(id)].map(Int.init) }
        model["vocab"] = kept.filter { Int($0) < vocab.count }.map { vocab[Int($0)] }
        model["unk_id"] = (model["unk_id"] as? Int).flatMap(renumber)
        root["model"] = model
        root["added_tokens"] = (root["added_tokens"] as? [[String: Any]] ?? []).compactMap { token -> [String: Any]? in
            guard let id = token["id"] as? Int, let new = renumber(id) else { return nil }
            var copy = token
            copy["id"] = new
            return copy
        }
        if var processor = root["post_processor"] as? [String: Any] {
            for key in ["cls", "sep"] {
                if let pair = processor[key] as? [Any], pair.count == 2, let id = pair[1] as? Int, let new = renumber(id) {
                    processor[key] = [pair[0], new]
                }
            }
            if var specials = processor["special_tokens"] as? [String: Any] {
                for (name, value) in specials {
                    guard var entry = value as? [String: Any], let ids = entry["ids"] as? [Int] else { continue }
                    entry["ids"] = ids.compactMap(renumber)
                    specials[name] = entry
                }
                processor["special_tokens"] = specials
            }
            root["post_processor"] = processor
        }
        do {
            return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
        } catch {
            throw CheckpointError("tokenizer.json: cannot write the pruned file: \(error)")
        }
    }

    /// `model` with the kept rows of its word embeddings and MLM bias (a new model; the encoder's
    /// other weights and the head are shared values, copied by reference).
    public func prune(_ model: XLMRobertaMaskedLM) throws(CheckpointError) -> XLMRobertaMaskedLM {
        var config = model.encoder.config
        config.vocabSize = keptIDs.count
        let pruned = XLMRobertaMaskedLM(config: config)
        let rows = keptIDs.map(Int.init)
        var tensors = Dictionary(uniqueKeysWithValues: model.stateDict)
        tensors[model.encoder.wordEmbeddings.name] = gather(model.encoder.wordEmbeddings.value, axis: 0, indices: rows)
        tensors[model.head.bias.name] = gather(model.head.bias.value, axis: 0, indices: rows)
        try pruned.load(tensors)
        return pruned
    }
}
