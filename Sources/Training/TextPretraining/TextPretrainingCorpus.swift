/// What medical text pre-training reads: single sentences in every language (masked language
/// modelling) and sentence–translation pairs (translation language modelling). Built by the
/// layer that reads the store — every live report sentence and every kept translation, each
/// translation paired with its English source sentence — or, for evaluation, from the phantom
/// writer's parallel reports.
public struct TextPretrainingCorpus: Sendable {
    public struct Sentence: Sendable, Equatable {
        public var studyKey: String
        /// FLORES-200 code.
        public var language: String
        public var text: String

        public init(studyKey: String, language: String, text: String) {
            self.studyKey = studyKey
            self.language = language
            self.text = text
        }
    }

    /// A sentence and its translation (English source first, as the store holds them).
    public struct Pair: Sendable, Equatable {
        public var source: Sentence
        public var translation: Sentence

        public init(source: Sentence, translation: Sentence) {
            self.source = source
            self.translation = translation
        }
    }

    public var sentences: [Sentence]
    public var pairs: [Pair]

    public init(sentences: [Sentence], pairs: [Pair]) {
        self.sentences = sentences
        self.pairs = pairs
    }

    /// The part in (or out of) the evaluation split, by study: pre-training never reads the
    /// studies contrastive training evaluates on.
    public func split(_ split: EvaluationSplit, evaluation: Bool) -> TextPretrainingCorpus {
        TextPretrainingCorpus(sentences: sentences.filter { split.contains($0.studyKey) == evaluation },
                              pairs: pairs.filter { split.contains($0.source.studyKey) == evaluation })
    }

    public var sentenceCounts: [String: Int] { sentences.reduce(into: [:]) { $0[$1.language, default: 0] += 1 } }
    /// Pairs per translation language.
    public var pairCounts: [String: Int] { pairs.reduce(into: [:]) { $0[$1.translation.language, default: 0] += 1 } }
}
