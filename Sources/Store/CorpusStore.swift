public import Foundation
public import GRDB

/// The store: a SQLite database (WAL) of studies, reports, images and corpus versions, plus the
/// content-addressed blobs their bytes live in.
///
/// Writes go through invariant-preserving transactions (`commit(_:)`, `tag(_:version:)`); reads go
/// through `reader`. Each commit creates the next corpus version; rows carry the version that added
/// them and the one that removed them, so "the corpus as of version N" is one query.
public final class CorpusStore: Sendable {
    public let layout: StoreLayout
    public let blobs: BlobStore
    let writer: any DatabaseWriter

    /// A read-only view for queries. Do not keep the `Database` a closure receives.
    public var reader: any DatabaseReader { writer }

    init(layout: StoreLayout, writer: any DatabaseWriter) throws {
        self.layout = layout
        self.blobs = BlobStore(layout: layout)
        self.writer = writer
        try StoreMigrations.migrator.migrate(writer)
    }

    /// Opens (creating when needed) the store at `root`.
    public static func open(at root: URL) throws(StoreError) -> CorpusStore {
        let layout = StoreLayout(root: root)
        do {
            for folder in [layout.root, layout.blobs, layout.quarantine, layout.run] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            let pool = try DatabasePool(path: layout.database.path, configuration: makeConfiguration())
            return try CorpusStore(layout: layout, writer: pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot open the store at \(root.path): \(error)")
        }
    }

    /// An in-memory database with blobs under `root` (for tests).
    public static func inMemory(blobRoot root: URL) throws -> CorpusStore {
        try CorpusStore(layout: StoreLayout(root: root), writer: DatabaseQueue(configuration: makeConfiguration()))
    }

    /// Foreign keys on, full fsync on commit (an inbox file is deleted once its commit returns, so
    /// the commit must survive power loss), and a busy timeout for readers in other processes.
    public static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    /// The newest corpus version, 0 for an empty store.
    public func currentVersion() throws -> Int {
        try reader.read { db in try Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0 }
    }

    /// `PRAGMA integrity_check` plus the store's own invariant: every blob a row names exists.
    public func verify() throws -> [String] {
        try reader.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            problems += try String.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            for hex in try String.fetchAll(db, sql: "SELECT sha256 FROM blob") {
                guard let hash = ContentHash(hex: hex), blobs.contains(hash) else {
                    problems.append("blob \(hex) is named by a row but missing on disk")
                    continue
                }
            }
            return problems
        }
    }
}
