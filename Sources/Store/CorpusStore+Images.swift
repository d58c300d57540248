import GRDB

extension CorpusStore {
    /// The blob hash of image row `id`, nil when there is none.
    public func imageHash(id: Int64) throws -> String? {
        try reader.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM image WHERE id = ?", arguments: [id]) }
    }
}
