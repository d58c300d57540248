/// A search result with the row's metadata.
public struct IndexMatch: Sendable, Equatable {
    public var modality: IndexRow.Modality
    /// Row in the modality's matrix and JSONL file.
    public var row: Int
    public var score: Float
    public var metadata: IndexRow
}

extension PublishedIndex {
    /// The `k` rows of `modality` with the highest inner product with `query` that pass `filter`.
    public func search(_ query: [Float], modality: IndexRow.Modality, k: Int,
                       filter: RowFilter = RowFilter()) throws(IndexError) -> [IndexMatch] {
        try search(batch: query, modality: modality, k: k, filter: filter).first ?? []
    }

    /// One result list per query; `queries` is row-major, `manifest.dimension` floats per query.
    /// A single query takes the streaming kernel, several the `sgemm` one.
    public func search(batch queries: [Float], modality: IndexRow.Modality, k: Int,
                       filter: RowFilter = RowFilter()) throws(IndexError) -> [[IndexMatch]] {
        let rows = rows(modality)
        let search = ExactSearch(matrix: matrix(modality))
        let allowed = filter.isEmpty ? nil : filter.mask(for: rows)
        let hits = queries.count == manifest.dimension
            ? [try search.search(queries, k: k, allowed: allowed)]
            : try search.search(batch: queries, k: k, allowed: allowed)
        return hits.map { list in
            list.map { IndexMatch(modality: modality, row: $0.row, score: $0.score, metadata: rows[$0.row]) }
        }
    }
}
