import Foundation
import GRDB

extension CorpusStore {
    /// Deletes what no retained corpus version needs, rows first and files after:
    ///
    /// 1. In one transaction: soft-removed rows (sentences, labels, reports with their sections,
    ///    terms, sentences and labels, images, studies) live in no version of `retained`; the source files and blob rows
    ///    only they named; every version not retained is recorded as collected (``isCollected(_:)``).
    /// 2. After the commit: the blob files of those rows, then every file under `blobs/sha256/`
    ///    without a row (what a crash between 1 and 2 leaves) and staging files older than an hour.
    ///
    /// A crash at any point leaves the store consistent: at worst unreferenced files, which the next
    /// collection finds. Hold ``BlobLock/withExclusive(_:_:)`` around the call so that no ingest
    /// writes a blob meanwhile. `dryRun` counts the same things and changes nothing.
    public func collectGarbage(retaining retained: Set<Int>, dryRun: Bool) throws -> StoreGarbage {
        var garbage = StoreGarbage()
        var deletedHashes: [String] = []
        try writer.writeWithoutTransaction { db in
            try db.inTransaction {
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS gcRetained (v INTEGER PRIMARY KEY)")
                try db.execute(sql: "DELETE FROM gcRetained")
                for version in retained { try db.execute(sql: "INSERT INTO gcRetained (v) VALUES (?)", arguments: [version]) }
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS gcFiles (id INTEGER PRIMARY KEY)")
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS gcHashes (sha256 TEXT PRIMARY KEY)")
                try db.execute(sql: "DELETE FROM gcFiles; DELETE FROM gcHashes")
                func dead(_ alias: String) -> String {
                    "\(alias).removedVersion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gcRetained r WHERE r.v >= \(alias).addedVersion AND r.v < \(alias).removedVersion)"
                }
                func delete(_ table: String, where condition: String) throws {
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(condition)")
                    if db.changesCount > 0 { garbage.rows[table, default: 0] += db.changesCount }
                }
                // A report no kept version has: its sentences and labels go with it (they are read
                // only through a live report, whatever their own removedVersion says).
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS gcReports (id INTEGER PRIMARY KEY)")
                try db.execute(sql: "DELETE FROM gcReports")
                try db.execute(sql: "INSERT INTO gcReports SELECT id FROM report WHERE \(dead("report"))")
                try delete("sentence", where: "\(dead("sentence")) OR reportId IN (SELECT id FROM gcReports)")
                try delete("reportLabel", where: "\(dead("reportLabel")) OR reportId IN (SELECT id FROM gcReports)")
                try db.execute(sql: "INSERT OR IGNORE INTO gcFiles SELECT sourceFileId FROM report WHERE id IN (SELECT id FROM gcReports)")
                try delete("report", where: "id IN (SELECT id FROM gcReports)")
                try db.execute(sql: "INSERT OR IGNORE INTO gcFiles SELECT sourceFileId FROM image WHERE \(dead("image"))")
                try db.execute(sql: "INSERT OR IGNORE INTO gcHashes SELECT sha256 FROM image WHERE \(dead("image"))")
                try delete("image", where: dead("image"))
                let unusedFile = "id IN (SELECT id FROM gcFiles) AND NOT EXISTS (SELECT 1 FROM report r WHERE r.sourceFileId = sourceFile.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM image i WHERE i.sourceFileId = sourceFile.id)"
                try db.execute(sql: "INSERT OR IGNORE INTO gcHashes SELECT sha256 FROM sourceFile WHERE \(unusedFile)")
                try delete("sourceFile", where: unusedFile)
                try delete("study", where: "\(dead("study")) AND NOT EXISTS (SELECT 1 FROM sourceFile f WHERE f.studyId = study.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM report r WHERE r.studyId = study.id) AND NOT EXISTS (SELECT 1 FROM image i WHERE i.studyId = study.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM studyImageReference x WHERE x.studyId = study.id)")
                let unusedBlob = "sha256 IN (SELECT sha256 FROM gcHashes) AND NOT EXISTS (SELECT 1 FROM sourceFile f WHERE f.sha256 = blob.sha256) "
                    + "AND NOT EXISTS (SELECT 1 FROM image i WHERE i.sha256 = blob.sha256)"
                for row in try Row.fetchAll(db, sql: "SELECT sha256, size FROM blob WHERE \(unusedBlob)") {
                    deletedHashes.append(row[0])
                    garbage.blobBytes += row[1] as Int64
                }
                garbage.blobs = deletedHashes.count
                try db.execute(sql: "DELETE FROM blob WHERE \(unusedBlob)")
                garbage.collectedVersions = try Int.fetchAll(db, sql: """
                    SELECT id FROM corpusVersion WHERE id NOT IN (SELECT v FROM gcRetained)
                      AND id NOT IN (SELECT id FROM collectedVersion) ORDER BY id
                    """)
                try db.execute(sql: """
                    INSERT INTO collectedVersion (id, collectedAt)
                    SELECT id, ? FROM corpusVersion WHERE id NOT IN (SELECT v FROM gcRetained) AND id NOT IN (SELECT id FROM collectedVersion)
                    """, arguments: [Date().ISO8601Format()])
                return dryRun ? .rollback : .commit
            }
        }
        if dryRun {
            garbage.orphanFiles = orphanBlobFiles().count
            return garbage
        }
        for hex in deletedHashes {
            if let hash = ContentHash(hex: hex) { unlink(layout.blobPath(for: hash).path) }
        }
        let orphans = orphanBlobFiles()
        for path in orphans { unlink(path) }
        garbage.orphanFiles = orphans.count
        return garbage
    }

    /// Whether GC has collected `version` (it may lack rows it once had).
    public func isCollected(_ version: Int) throws -> Bool {
        try reader.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM collectedVersion WHERE id = ?)", arguments: [version]) ?? false }
    }

    /// Files under `blobs/sha256/` no blob row names, and staging files older than an hour.
    private func orphanBlobFiles() -> [String] {
        let known: Set<String> = (try? reader.read { db in Set(try String.fetchAll(db, sql: "SELECT sha256 FROM blob")) }) ?? []
        var orphans: [String] = []
        let fm = FileManager.default
        if let walker = fm.enumerator(atPath: layout.blobs.path) {
            while let relative = walker.nextObject() as? String {
                // blobs/sha256/ab/cdef…: the hash is the folder name and the file name together.
                let name = relative.replacingOccurrences(of: "/", with: "")
                let path = layout.blobs.appendingPathComponent(relative).path
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                if !known.contains(name) { orphans.append(path) }
            }
        }
        let hourAgo = Date().addingTimeInterval(-3600)
        for name in (try? fm.contentsOfDirectory(atPath: layout.blobStaging.path)) ?? [] {
            let path = layout.blobStaging.appendingPathComponent(name).path
            if let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < hourAgo { orphans.append(path) }
        }
        return orphans
    }
}
