/// A report sentence as the study view shows it: its text and labels, and every translation of
/// it with the quality filters' verdict.
public struct SentenceView: Codable, Sendable, Equatable {
    public struct Translation: Codable, Sendable, Equatable {
        public var language: String
        public var text: String
        public var engine: String
        public var kept: Bool
        /// The filters' reject reasons (empty when kept).
        public var reasons: [String]
    }

    public var text: String
    /// The 14-character label code (``LabelStatesCode``); nil while the sentence awaits labels.
    public var labels: String?
    public var translations: [Translation]
}
