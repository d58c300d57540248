/// A search result with the row's metadata.
public struct IndexMatch: Sendable, Equatable {
    public var modality: IndexRow.Modality
    /// Row in the modality's concatenation of segments (base rows first, then each delta's).
    public var row: Int
    public var score: Float
    public var metadata: IndexRow

    public init(modality: IndexRow.Modality, row: Int, score: Float, metadata: IndexRow) {
        self.modality = modality
        self.row = row
        self.score = score
        self.metadata = metadata
    }
}
