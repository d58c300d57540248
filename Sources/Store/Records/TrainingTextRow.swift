/// One text of the corpus as a training run sees it (``CorpusStore/trainingRows(asOf:)``): a
/// report sentence in its own language, or a kept translation of an English report sentence.
public struct TrainingTextRow: Sendable, Codable, Equatable {
    /// How the text entered the corpus (raw values match the trainer's `TrainingText.Origin`).
    public enum Origin: String, Sendable, Codable {
        case sentence
        case translation
    }

    /// `sentence:<id>` or `translation:<id>` (ids of the `sentence` and `translation` rows).
    public var id: String
    public var studyKey: String
    /// FLORES-200 code: the report's language for a sentence, the target language for a translation.
    public var language: String
    public var text: String
    /// 14-character label code (``LabelStatesCode``): the sentence's own labels, or for a
    /// translation the labels of its English source sentence. All `.` when not `labeled`.
    public var states: String
    /// False while the sentence (or the English sentence a translation comes from) awaits its
    /// labels: a sentence of a report in another language before its English pivot labels it
    /// (labeler version ``CorpusStore/unlabeled``). Its `states` then say nothing.
    public var labeled: Bool
    public var origin: Origin
    /// The version that added the sentence (for a translation: its English source sentence).
    public var addedVersion: Int
    /// For a translation: the id of the English sentence it translates (nil for a sentence).
    public var sourceSentenceID: Int64?

    public init(id: String, studyKey: String, language: String, text: String, states: String, origin: Origin, addedVersion: Int,
                labeled: Bool = true, sourceSentenceID: Int64? = nil) {
        self.id = id
        self.studyKey = studyKey
        self.language = language
        self.text = text
        self.states = states
        self.origin = origin
        self.addedVersion = addedVersion
        self.labeled = labeled
        self.sourceSentenceID = sourceSentenceID
    }
}
