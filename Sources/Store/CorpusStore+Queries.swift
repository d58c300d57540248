public import Foundation
import GRDB

extension CorpusStore {
    /// SQL condition for "live as of version ?" on a table with addedVersion/removedVersion.
    static func liveAsOf(_ alias: String) -> String {
        "\(alias).addedVersion <= :version AND (\(alias).removedVersion IS NULL OR \(alias).removedVersion > :version)"
    }

    /// All versions, oldest first, with their tags.
    public func versions() throws -> [CorpusVersion] {
        try reader.read { db in
            var versions = try CorpusVersion.fetchAll(db, sql: "SELECT * FROM corpusVersion ORDER BY id")
            let tags = try Row.fetchAll(db, sql: "SELECT name, versionId FROM versionTag ORDER BY name")
            var byVersion: [Int: [String]] = [:]
            for row in tags { byVersion[row["versionId"], default: []].append(row["name"]) }
            for index in versions.indices { versions[index].tags = byVersion[versions[index].id] ?? [] }
            return versions
        }
    }

    /// Names `version` with `name` (a tag moves if it existed). Tagged versions are kept by GC.
    public func tag(_ name: String, version: Int, now: Date = Date()) throws(StoreError) {
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace }) else { throw StoreError("a tag is one word, not '\(name)'") }
        do {
            try writer.write { db in
                guard try Int.fetchOne(db, sql: "SELECT id FROM corpusVersion WHERE id = ?", arguments: [version]) != nil else {
                    throw StoreError("no corpus version \(version)")
                }
                try db.execute(sql: "INSERT OR REPLACE INTO versionTag (name, versionId, createdAt) VALUES (?, ?, ?)",
                               arguments: [name, version, Self.timestamp(now)])
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot tag version \(version): \(error)")
        }
    }

    /// The corpus as of `version` (default: the newest).
    public func counts(asOf version: Int? = nil) throws -> CorpusCounts {
        try reader.read { db in
            let version = try version ?? (Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0)
            let arguments: StatementArguments = ["version": version]
            let studies = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM study s WHERE \(Self.liveAsOf("s"))", arguments: arguments) ?? 0
            let images = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM image i WHERE \(Self.liveAsOf("i"))", arguments: arguments) ?? 0
            var byLanguage: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT language, COUNT(*) AS n FROM report r WHERE \(Self.liveAsOf("r")) GROUP BY language",
                                        arguments: arguments) {
                byLanguage[row["language"]] = row["n"]
            }
            return CorpusCounts(version: version, studies: studies, reports: byLanguage.values.reduce(0, +),
                                images: images, reportsByLanguage: byLanguage)
        }
    }

    /// Keys of the studies live as of `version`.
    public func studyKeys(asOf version: Int) throws -> [String] {
        try reader.read { db in
            try String.fetchAll(db, sql: "SELECT key FROM study s WHERE \(Self.liveAsOf("s")) ORDER BY key",
                                arguments: ["version": version])
        }
    }

    /// One study by key (or by numeric id), with every part it ever had.
    public func study(_ keyOrID: String) throws -> StudyDetail? {
        try reader.read { db in
            var row = try Row.fetchOne(db, sql: "SELECT * FROM study WHERE key = ?", arguments: [keyOrID])
            if row == nil, let id = Int64(keyOrID) {
                row = try Row.fetchOne(db, sql: "SELECT * FROM study WHERE id = ?", arguments: [id])
            }
            guard let row else { return nil }
            let studyID: Int64 = row["id"]
            var reports: [StudyDetail.ReportPart] = []
            for report in try Row.fetchAll(db, sql: """
                SELECT r.*, f.sha256 FROM report r JOIN sourceFile f ON f.id = r.sourceFileId WHERE r.studyId = ? ORDER BY r.id
                """, arguments: [studyID]) {
                let reportID: Int64 = report["id"]
                let sections = try Row.fetchAll(db, sql: "SELECT kind, header, text FROM reportSection WHERE reportId = ? ORDER BY position",
                                                arguments: [reportID]).map {
                    StudyDetail.Section(kind: $0["kind"], header: $0["header"], text: $0["text"])
                }
                let terms = try Row.fetchAll(db, sql: "SELECT vocabulary, term, isMajor FROM reportTerm WHERE reportId = ? ORDER BY id",
                                             arguments: [reportID]).map {
                    ReportTerm(vocabulary: $0["vocabulary"], term: $0["term"], isMajor: $0["isMajor"])
                }
                reports.append(.init(id: reportID, partName: report["partName"], format: report["format"], language: report["language"],
                                     sha256: report["sha256"], addedVersion: report["addedVersion"],
                                     removedVersion: report["removedVersion"], sections: sections, terms: terms,
                                     phi: (try? JSONDecoder().decode([String: Int].self, from: Data((report["phi"] as String? ?? "{}").utf8))) ?? [:]))
            }
            let images = try Row.fetchAll(db, sql: "SELECT * FROM image WHERE studyId = ? ORDER BY id", arguments: [studyID]).map {
                StudyDetail.ImagePart(id: $0["id"], partName: $0["partName"], format: $0["format"], sha256: $0["sha256"],
                                      width: $0["width"], height: $0["height"], bitsPerSample: $0["bitsPerSample"],
                                      photometric: $0["photometric"], view: $0["view"],
                                      acquisition: (try? JSONDecoder().decode([String: String].self,
                                                                              from: Data(($0["acquisition"] as String? ?? "{}").utf8))) ?? [:],
                                      addedVersion: $0["addedVersion"],
                                      removedVersion: $0["removedVersion"])
            }
            let awaited = try String.fetchAll(db, sql: "SELECT reference FROM studyImageReference WHERE studyId = ? ORDER BY reference",
                                              arguments: [studyID])
            var versions = Set<Int>([row["addedVersion"]])
            for part in reports { versions.insert(part.addedVersion); if let removed = part.removedVersion { versions.insert(removed) } }
            for part in images { versions.insert(part.addedVersion); if let removed = part.removedVersion { versions.insert(removed) } }
            return StudyDetail(id: studyID, key: row["key"], accession: row["accession"], addedVersion: row["addedVersion"],
                               removedVersion: row["removedVersion"], versions: versions.sorted(), reports: reports,
                               images: images, awaitedImages: awaited)
        }
    }
}
