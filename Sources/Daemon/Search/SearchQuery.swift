public import Foundation
public import Index

/// One search: a text in any language or an image, what to return and which rows may match.
public struct SearchQuery: Sendable {
    public enum Content: Sendable {
        case text(String)
        /// PNG or JPEG bytes.
        case image(Data)
    }

    public var content: Content
    public var k: Int
    /// Rows of this modality are returned; nil: images for a text query, texts for an image query.
    public var modality: IndexRow.Modality?
    public var filter: RowFilter
    /// An index id, a tag, or `current`.
    public var index: String
    /// Embed the query with this checkpoint (id or folder) instead of the index's model.
    public var model: String?
    /// For image results: each study's report sentence closest to the query, in `language` (when
    /// given) and in English (``SearchResult/contexts``).
    public var withContext = false
    /// The query's language (FLORES-200), for the context sentence.
    public var language: String?

    public init(content: Content, k: Int = 10, modality: IndexRow.Modality? = nil, filter: RowFilter = RowFilter(),
                index: String = IndexDirectory.currentName, model: String? = nil) {
        self.content = content
        self.k = k
        self.modality = modality
        self.filter = filter
        self.index = index
        self.model = model
    }

    /// The modality searched.
    public var target: IndexRow.Modality {
        if let modality { return modality }
        if case .text = content { return .image }
        return .text
    }
}
