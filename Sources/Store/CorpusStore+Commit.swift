public import Foundation
import GRDB
import Radiology

extension CorpusStore {
    /// Stores a batch as one new corpus version.
    ///
    /// The batch's bytes must already be in the blob store (`blobs.write`, durable when it returns);
    /// this is checked, so no row can name a missing blob. Then one transaction adds the rows. A file whose bytes the
    /// same study already holds is a duplicate (at-least-once delivery made exactly-once); a part
    /// with the name of an existing part but other bytes replaces it (the old row is marked removed
    /// in the new version). A batch that adds nothing creates no version.
    public func commit(_ batch: IngestBatch, kind: String = "ingest", now: Date = Date()) throws -> CommitResult {
        for study in batch.studies {
            for file in study.reports.map(\.file) + study.images.map(\.file) + study.sidecars where !blobs.contains(file.hash) {
                throw StoreError("the bytes of \(file.name) (\(file.hash)) are not in the blob store")
            }
        }

        return try writer.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0) + 1
            try db.execute(sql: "INSERT INTO corpusVersion (id, createdAt, kind, note) VALUES (?, ?, ?, ?)",
                           arguments: [version, Self.timestamp(now), kind, batch.note])
            var result = CommitResult()
            // Studies with reports first, so that an image a report of this batch names joins it.
            let ordered = batch.studies.filter { !$0.reports.isEmpty } + batch.studies.filter { $0.reports.isEmpty }
            for study in ordered {
                try add(study, version: version, db: db, result: &result)
            }
            let added = result.reportsAdded + result.imagesAdded + result.studiesAdded + result.filesAdded
            guard added > 0 || result.rowsRemoved > 0 else {
                try db.execute(sql: "DELETE FROM corpusVersion WHERE id = ?", arguments: [version])
                return result
            }
            result.version = version
            try db.execute(sql: """
                UPDATE corpusVersion SET studiesAdded = ?, reportsAdded = ?, imagesAdded = ?, filesAdded = ?,
                    rowsRemoved = ?, duplicates = ?, quarantined = ? WHERE id = ?
                """, arguments: [result.studiesAdded, result.reportsAdded, result.imagesAdded, result.filesAdded,
                                 result.rowsRemoved, result.duplicates, batch.quarantinedCount, version])
            // The fault seam: a commit that fails here rolls back as a failed COMMIT would.
            if let code = StoreFaults.shared.check(.sqliteCommit) {
                throw StoreError("SQLite commit of version \(version): \(StoreFaults.message(code))")
            }
            return result
        }
    }

    private func add(_ study: IncomingStudy, version: Int, db: Database, result: inout CommitResult) throws {
        var studyID = try resolveStudy(study, db: db)
        let isNew = studyID == nil
        var touched = false
        if isNew {
            try db.cachedStatement(sql: "INSERT INTO study (key, accession, addedVersion) VALUES (?, ?, ?)")
                .execute(arguments: [study.key, study.accession, version])
            studyID = db.lastInsertedRowID
            result.studiesAdded += 1
            touched = true
        }
        guard let studyID else { return }

        for reference in study.imageReferences {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO studyImageReference (studyId, reference) VALUES (?, ?)")
                .execute(arguments: [studyID, reference])
        }
        for report in study.reports {
            guard let fileID = try addFile(report.file, role: "report", studyID: studyID, version: version, db: db, result: &result) else { continue }
            result.rowsRemoved += try retire(table: "report", partName: report.partName, studyID: studyID, version: version, db: db)
            try db.cachedStatement(sql: """
                INSERT INTO report (studyId, sourceFileId, partName, format, language, addedVersion, phi) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [studyID, fileID, report.partName, report.format, report.report.language.rawValue, version,
                                         phiJSON(report.phi)])
            let reportID = db.lastInsertedRowID
            for (position, section) in report.report.sections.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO reportSection (reportId, position, kind, header, text) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [reportID, position, section.kind.rawValue, section.header, section.text])
            }
            if let labels = report.labels {
                if let labelerVersion = report.labelerVersion {
                    try insertLabels(labels, labelerVersion: labelerVersion, reportID: reportID, version: version, db: db)
                } else {
                    try insertSentences(labels.sentences, labelerVersion: Self.unlabeled, reportID: reportID, version: version, db: db)
                }
            }
            for term in report.terms {
                try db.cachedStatement(sql: "INSERT INTO reportTerm (reportId, vocabulary, term, isMajor) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [reportID, term.vocabulary, term.term, term.isMajor])
            }
            result.reportsAdded += 1
            touched = true
        }
        for image in study.images {
            guard let fileID = try addFile(image.file, role: "image", studyID: studyID, version: version, db: db, result: &result) else { continue }
            result.rowsRemoved += try retire(table: "image", partName: image.partName, studyID: studyID, version: version, db: db)
            try db.cachedStatement(sql: """
                INSERT INTO image (studyId, sourceFileId, sha256, partName, format, width, height, bitsPerSample, photometric, view,
                                   acquisition, addedVersion)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [studyID, fileID, image.file.hash.hex, image.partName, image.format, image.width,
                                         image.height, image.bitsPerSample, image.photometric, image.view,
                                         jsonObject(image.acquisition), version])
            try db.cachedStatement(sql: "DELETE FROM studyImageReference WHERE studyId = ? AND reference = ?")
                .execute(arguments: [studyID, (image.partName as NSString).deletingPathExtension])
            result.imagesAdded += 1
            touched = true
        }
        for sidecar in study.sidecars {
            if try addFile(sidecar, role: "sidecar", studyID: studyID, version: version, db: db, result: &result) != nil { touched = true }
        }
        if touched {
            result.touchedStudies.append(study.key)
            if !isNew { result.studiesUpdated += 1 }
        }
    }

    /// The existing study this one belongs to: the same key, or — for a study of images only — the
    /// study that already holds these very files (a redelivery, or an inbox file retaken after a
    /// crash between commit and removal), or the study whose report named the image (Open-i
    /// `parentImage`).
    private func resolveStudy(_ study: IncomingStudy, db: Database) throws -> Int64? {
        if let id = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM study WHERE key = ?", arguments: [study.key]) {
            return id
        }
        guard study.reports.isEmpty, !study.images.isEmpty else { return nil }
        for image in study.images {
            if let id = try Int64.fetchOne(db, cachedSQL: "SELECT studyId FROM sourceFile WHERE sha256 = ? AND name = ? LIMIT 1",
                                           arguments: [image.file.hash.hex, image.file.name]) {
                return id
            }
        }
        let names = study.images.map { ($0.partName as NSString).deletingPathExtension } + [study.key]
        for name in names {
            if let id = try Int64.fetchOne(db, cachedSQL: "SELECT studyId FROM studyImageReference WHERE reference = ? LIMIT 1",
                                           arguments: [name]) {
                return id
            }
        }
        return nil
    }

    /// Inserts the blob and source-file rows; nil when the study already holds these bytes.
    private func addFile(_ file: IncomingFile, role: String, studyID: Int64, version: Int, db: Database,
                         result: inout CommitResult) throws -> Int64? {
        if try Int64.fetchOne(db, cachedSQL: "SELECT id FROM sourceFile WHERE studyId = ? AND sha256 = ?",
                              arguments: [studyID, file.hash.hex]) != nil {
            result.duplicates += 1
            return nil
        }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO blob (sha256, size, addedVersion) VALUES (?, ?, ?)")
            .execute(arguments: [file.hash.hex, file.size, version])
        try db.cachedStatement(sql: """
            INSERT INTO sourceFile (studyId, sha256, name, originalPath, size, arrivedAt, role, addedVersion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [studyID, file.hash.hex, file.name, file.originalPath, file.size,
                                     Self.timestamp(file.arrivedAt), role, version])
        result.filesAdded += 1
        return db.lastInsertedRowID
    }

    /// The labeler version of sentences stored without labels (reports not in English, until
    /// their English pivot is labeled).
    public static let unlabeled = "none"

    func insertLabels(_ labels: ReportLabels, labelerVersion: String, reportID: Int64, version: Int, db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO reportLabel (reportId, labelerVersion, states, addedVersion) VALUES (?, ?, ?, ?)")
            .execute(arguments: [reportID, labelerVersion, LabelStatesCode.encode(labels.aggregate), version])
        try insertSentences(labels.sentences, labelerVersion: labelerVersion, reportID: reportID, version: version, db: db)
    }

    func insertSentences(_ sentences: [SentenceLabels], labelerVersion: String, reportID: Int64, version: Int, db: Database) throws {
        for (position, sentence) in sentences.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO sentence (reportId, position, text, states, labelerVersion, addedVersion) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [reportID, position, sentence.text, LabelStatesCode.encode(sentence.labels), labelerVersion, version])
        }
    }

    /// Marks the live part of the same name as removed in `version`; returns how many rows.
    private func retire(table: String, partName: String, studyID: Int64, version: Int, db: Database) throws -> Int {
        try db.cachedStatement(sql: "UPDATE \(table) SET removedVersion = ? WHERE studyId = ? AND partName = ? AND removedVersion IS NULL")
            .execute(arguments: [version, studyID, partName])
        return db.changesCount
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}

private extension Int64 {
    static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

/// De-identification counts as stored: compact JSON with sorted keys.
private func phiJSON(_ counts: [String: Int]) -> String {
    "{" + counts.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
}

/// A string map as stored: compact JSON with sorted keys.
private func jsonObject(_ values: [String: String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}
