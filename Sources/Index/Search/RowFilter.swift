/// Which rows a search may return, from their metadata: languages, label states and corpus
/// versions. Modality is not here: each modality is its own matrix.
///
/// An empty filter allows every row. All conditions must hold; a language condition excludes rows
/// without a language (images), so use it on the text matrix.
public struct RowFilter: Sendable, Equatable {
    /// FLORES-200 codes to keep; nil keeps every language.
    public var languages: Set<String>?
    /// Conditions that must all hold.
    public var labels: [LabelCondition]
    /// Keep rows whose corpus version is in this range; nil keeps all.
    public var corpusVersions: ClosedRange<Int>?
    /// Keep rows of these studies; nil keeps all.
    public var studies: Set<String>?

    public init(languages: Set<String>? = nil, labels: [LabelCondition] = [], corpusVersions: ClosedRange<Int>? = nil,
                studies: Set<String>? = nil) {
        self.languages = languages
        self.labels = labels
        self.corpusVersions = corpusVersions
        self.studies = studies
    }

    public var isEmpty: Bool { languages == nil && labels.isEmpty && corpusVersions == nil && studies == nil }

    public func matches(_ row: IndexRow) -> Bool {
        if let languages {
            guard let language = row.language, languages.contains(language) else { return false }
        }
        if let corpusVersions, !corpusVersions.contains(row.corpusVersion) { return false }
        if let studies, !studies.contains(row.study) { return false }
        return labels.allSatisfy { $0.matches(row) }
    }

    /// The allowed rows of a matrix whose metadata is `rows`.
    public func mask(for rows: [IndexRow]) -> RowMask {
        RowMask(count: rows.count) { matches(rows[$0]) }
    }
}
