/// One search result: a row of the searched matrix and its inner product with the query (cosine
/// similarity for L2-normalised embeddings).
public struct SearchHit: Sendable, Equatable, Hashable {
    public var row: Int
    public var score: Float

    public init(row: Int, score: Float) {
        self.row = row
        self.score = score
    }

    /// Result order: higher score first, then lower row (so equal scores come out deterministically).
    @inlinable
    public static func ranksBefore(_ a: SearchHit, _ b: SearchHit) -> Bool {
        a.score > b.score || (a.score == b.score && a.row < b.row)
    }
}
