/// The labels of one sentence: its text and what it says about each observation.
///
/// Sentence labels carry no No Finding: that is decided for the whole report.
public struct SentenceLabels: Sendable, Hashable, Codable {
    /// The sentence as written (list markers such as "1." removed, whitespace collapsed).
    public var text: String
    public var labels: ObservationLabels

    public init(text: String, labels: ObservationLabels) {
        self.text = text
        self.labels = labels
    }
}

/// The labels of a report: per sentence, and aggregated with CheXpert's rules (positive wins;
/// negative + uncertain → uncertain; No Finding positive only when no finding other than Support
/// Devices, and no other abnormality, is positive or uncertain).
public struct ReportLabels: Sendable, Hashable, Codable {
    public var sentences: [SentenceLabels]
    /// The report-level labels, including No Finding.
    public var aggregate: ObservationLabels

    public init(sentences: [SentenceLabels], aggregate: ObservationLabels) {
        self.sentences = sentences
        self.aggregate = aggregate
    }

    public subscript(_ observation: Observation) -> LabelState { aggregate[observation] }
}
