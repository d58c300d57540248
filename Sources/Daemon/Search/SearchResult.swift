public import Index

/// The answer to a ``SearchQuery``: which index and model answered, and the matches best first.
public struct SearchResult: Sendable {
    public var index: String
    public var model: String
    /// The corpus version the index (with its deltas) covers.
    public var corpusVersion: Int
    public var modality: IndexRow.Modality
    public var matches: [IndexMatch]
    public var embedSeconds: Double
    public var searchSeconds: Double
}
