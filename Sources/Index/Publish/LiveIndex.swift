public import Foundation

/// A published index as search sees it: the base folder and its delta segments (`delta-0001/`, …)
/// in order, with the rows a later delta masked (removed, replaced or relabeled parts) left out.
///
/// Row numbers are positions in the concatenation base + delta-0001 + … of one modality, the
/// numbering `masked` uses in delta manifests. Opening reads the delta list once: deltas written
/// later are seen by the next open (``hasNewDeltas`` says when to reopen).
public final class LiveIndex: Sendable {
    public let base: PublishedIndex
    public let deltas: [PublishedIndex]
    /// Per modality and segment: the segment's rows still live (nil: all of them).
    private let live: [IndexRow.Modality: [RowMask?]]

    public var id: String { base.id }
    public var manifest: IndexManifest { base.manifest }
    public var segments: [PublishedIndex] { [base] + deltas }
    /// The corpus version the newest segment brings the index to.
    public var corpusVersion: Int { deltas.last?.manifest.corpusVersion ?? base.manifest.corpusVersion }

    /// Opens `reference` (an id, a tag or `current`) in `indexes`.
    public convenience init(indexes: IndexDirectory, reference: String = IndexDirectory.currentName,
                            verifyChecksums: Bool = false) throws(IndexError) {
        let id = try indexes.resolve(reference)
        try self.init(directory: indexes.path(of: id), verifyChecksums: verifyChecksums)
    }

    public init(directory: URL, verifyChecksums: Bool = false) throws(IndexError) {
        base = try PublishedIndex(directory: directory, verifyChecksums: verifyChecksums)
        var deltas: [PublishedIndex] = []
        for name in try IndexWriter.deltaNames(in: base.directory) {
            let delta = try PublishedIndex(directory: base.directory.appendingPathComponent(name), verifyChecksums: verifyChecksums)
            guard delta.manifest.base == base.id, delta.manifest.modelSHA256 == base.manifest.modelSHA256,
                  delta.manifest.dimension == base.manifest.dimension else {
                throw IndexError("\(delta.directory.path): not a delta of \(base.id) with its model and dimension")
            }
            deltas.append(delta)
        }
        self.deltas = deltas
        var live: [IndexRow.Modality: [RowMask?]] = [:]
        for modality in IndexRow.Modality.allCases {
            let segments = [base] + deltas
            var masks = [RowMask?](repeating: nil, count: segments.count)
            var starts: [Int] = []
            var total = 0
            for segment in segments { starts.append(total); total += segment.rows(modality).count }
            for (index, delta) in deltas.enumerated() {
                for row in delta.manifest.masked?[modality.rawValue] ?? [] {
                    // A delta masks rows that came before it.
                    guard row >= 0, row < starts[index + 1] else {
                        throw IndexError("\(delta.directory.path): masked \(modality.rawValue) row \(row) is not before this delta")
                    }
                    let segment = starts.lastIndex { $0 <= row }!
                    if masks[segment] == nil { masks[segment] = RowMask(count: segments[segment].rows(modality).count, allowed: true) }
                    masks[segment]!.remove(row - starts[segment])
                }
            }
            live[modality] = masks
        }
        self.live = live
    }

    /// Whether more delta segments exist on disk than this instance opened.
    public func hasNewDeltas() -> Bool {
        ((try? IndexWriter.deltaNames(in: base.directory).count) ?? deltas.count) != deltas.count
    }

    /// Every live row of `modality` with its row number (base first, masked rows left out).
    public func liveRows(_ modality: IndexRow.Modality) -> [(row: Int, metadata: IndexRow)] {
        var result: [(row: Int, metadata: IndexRow)] = []
        var start = 0
        for (index, segment) in segments.enumerated() {
            let rows = segment.rows(modality)
            let mask = live[modality]?[index] ?? nil
            for (offset, row) in rows.enumerated() where mask?.contains(offset) ?? true { result.append((start + offset, row)) }
            start += rows.count
        }
        return result
    }

    /// Live rows per modality.
    public func liveCount(_ modality: IndexRow.Modality) -> Int {
        segments.indices.reduce(0) { total, index in
            total + ((live[modality]?[index] ?? nil)?.allowedCount ?? segments[index].rows(modality).count)
        }
    }

    /// The `k` live rows of `modality` with the highest inner product with `query` that pass `filter`.
    public func search(_ query: [Float], modality: IndexRow.Modality, k: Int,
                       filter: RowFilter = RowFilter()) throws(IndexError) -> [IndexMatch] {
        try search(batch: query, modality: modality, k: k, filter: filter).first ?? []
    }

    /// One result list per query; `queries` is row-major, `manifest.dimension` floats per query.
    /// Each segment is searched (a single query by the streaming kernel, several by `sgemm`) and
    /// the lists merged.
    public func search(batch queries: [Float], modality: IndexRow.Modality, k: Int,
                       filter: RowFilter = RowFilter()) throws(IndexError) -> [[IndexMatch]] {
        let dimension = manifest.dimension
        guard queries.count % dimension == 0 else {
            throw IndexError("queries hold \(queries.count) values, not a multiple of the dimension \(dimension)")
        }
        let queryCount = queries.count / dimension
        var merged = [[IndexMatch]](repeating: [], count: queryCount)
        var start = 0
        for (index, segment) in segments.enumerated() {
            let rows = segment.rows(modality)
            defer { start += rows.count }
            guard !rows.isEmpty else { continue }
            var allowed = filter.isEmpty ? nil : filter.mask(for: rows)
            if let mask = live[modality]?[index] ?? nil { allowed = allowed.map { $0.intersection(mask) } ?? mask }
            let search = ExactSearch(matrix: segment.matrix(modality))
            let hits = queryCount == 1
                ? [try search.search(queries, k: k, allowed: allowed)]
                : try search.search(batch: queries, k: k, allowed: allowed)
            for (query, list) in hits.enumerated() {
                merged[query] += list.map { IndexMatch(modality: modality, row: start + $0.row, score: $0.score, metadata: rows[$0.row]) }
            }
        }
        guard segments.count > 1 else { return merged }
        return merged.map { list in
            Array(list.sorted { SearchHit.ranksBefore(SearchHit(row: $0.row, score: $0.score), SearchHit(row: $1.row, score: $1.score)) }.prefix(k))
        }
    }
}
