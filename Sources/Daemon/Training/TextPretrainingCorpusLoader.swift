public import Store
public import Training

/// Reads text pre-training's corpus out of the store: every live report sentence (any language)
/// for MLM, and every kept translation paired with its English source sentence for TLM. The
/// evaluation split of contrastive training is left out, so pre-training never sees the studies
/// the gate judges on.
public struct TextPretrainingCorpusLoader {
    public let store: CorpusStore
    public let split: EvaluationSplit

    public init(store: CorpusStore, split: EvaluationSplit) {
        self.store = store
        self.split = split
    }

    public func load(asOf version: Int? = nil) throws -> TextPretrainingCorpus {
        let rows = try store.trainingRows(asOf: version).texts
        var sentences: [TextPretrainingCorpus.Sentence] = []
        var bySentenceID: [Int64: TextPretrainingCorpus.Sentence] = [:]
        for row in rows where row.origin == .sentence {
            let sentence = TextPretrainingCorpus.Sentence(studyKey: row.studyKey, language: row.language, text: row.text)
            sentences.append(sentence)
            if let id = Int64(row.id.dropFirst("sentence:".count)) { bySentenceID[id] = sentence }
        }
        var pairs: [TextPretrainingCorpus.Pair] = []
        for row in rows where row.origin == .translation {
            let translation = TextPretrainingCorpus.Sentence(studyKey: row.studyKey, language: row.language, text: row.text)
            sentences.append(translation)
            if let sourceID = row.sourceSentenceID, let source = bySentenceID[sourceID] {
                pairs.append(TextPretrainingCorpus.Pair(source: source, translation: translation))
            }
        }
        return TextPretrainingCorpus(sentences: sentences, pairs: pairs).split(split, evaluation: false)
    }
}
