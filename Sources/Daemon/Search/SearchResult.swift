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
    /// With ``SearchQuery/withContext``: per study of an image result, its closest text rows.
    public var contexts: [String: StudyContext] = [:]
    /// With ``SearchQuery/withContext``: the English sentence each translation (by part) in the
    /// answer translates.
    public var englishSources: [String: IndexRow] = [:]

    /// A study's report sentences closest to the query: in the query's language (or any, when it
    /// has none there) and in English.
    public struct StudyContext: Sendable {
        public var sentence: IndexMatch?
        public var english: IndexMatch?
    }
}
