public import GRDB

/// One corpus version: what a commit added, and the tags naming it.
public struct CorpusVersion: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int
    public var createdAt: String
    public var kind: String
    public var note: String?
    public var studiesAdded: Int
    public var reportsAdded: Int
    public var imagesAdded: Int
    public var filesAdded: Int
    public var rowsRemoved: Int
    public var duplicates: Int
    public var quarantined: Int
    /// Tags naming this version (filled by `CorpusStore.versions()`).
    public var tags: [String] = []

    enum CodingKeys: String, CodingKey {
        case id, createdAt, kind, note, studiesAdded, reportsAdded, imagesAdded, filesAdded, rowsRemoved, duplicates, quarantined, tags
    }

    public init(row: Row) throws {
        id = row["id"]
        createdAt = row["createdAt"]
        kind = row["kind"]
        note = row["note"]
        studiesAdded = row["studiesAdded"]
        reportsAdded = row["reportsAdded"]
        imagesAdded = row["imagesAdded"]
        filesAdded = row["filesAdded"]
        rowsRemoved = row["rowsRemoved"]
        duplicates = row["duplicates"]
        quarantined = row["quarantined"]
    }
}
