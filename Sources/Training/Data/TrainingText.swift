public import Radiology

/// One text the trainer can draw: a report sentence (MedCLIP trains on sentences) in its own
/// language, or a kept machine translation of an English sentence, with its labels.
///
/// Labels: an English sentence has its own sentence labels; a kept translation carries the labels
/// of its English source sentence; a sentence of a report written in another language carries
/// its pivot labels (labeled through its English translation).
public struct TrainingText: Sendable {
    /// How the text entered the corpus.
    public enum Origin: String, Sendable, Codable {
        /// A sentence of a stored report, in the report's language.
        case sentence
        /// A kept translation of an English report sentence.
        case translation
    }

    /// A stable identifier across runs (`sentence:<id>` or `translation:<id>`).
    public let id: String
    public let studyKey: String
    /// FLORES-200 code, e.g. `deu_Latn`.
    public let language: String
    public let text: String
    /// nil while the sentence awaits its labels (a sentence of a report in another language with
    /// no English pivot yet): it trains only in true pairs, matched to its own study.
    public var labels: ObservationLabels?
    public let origin: Origin
    public let addedVersion: Int

    public init(id: String, studyKey: String, language: String, text: String, labels: ObservationLabels?,
                origin: Origin, addedVersion: Int) {
        self.id = id
        self.studyKey = studyKey
        self.language = language
        self.text = text
        self.labels = labels
        self.origin = origin
        self.addedVersion = addedVersion
    }
}
