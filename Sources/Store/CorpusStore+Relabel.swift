public import Foundation
import GRDB
public import Radiology

extension CorpusStore {
    /// What a relabel did.
    public struct RelabelResult: Sendable, Codable {
        /// The new corpus version, nil when no report's labels changed.
        public var version: Int?
        public var reportsRelabeled = 0
        public var reportsUnchanged = 0
    }

    /// Recomputes the labels of every live English report whose labels came from another labeler
    /// version (all of them with `force`), as one new corpus version of kind `relabel`: old label
    /// and sentence rows are retired in that version and new ones added.
    public func relabel(labelerVersion: String, force: Bool = false, now: Date = Date(),
                        label: (Report) -> ReportLabels) throws -> RelabelResult {
        try writer.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0) + 1
            try db.execute(sql: "INSERT INTO corpusVersion (id, createdAt, kind, note) VALUES (?, ?, 'relabel', ?)",
                           arguments: [version, Self.timestamp(now), "labeler \(labelerVersion)"])
            var result = RelabelResult()
            let reports = try Row.fetchAll(db, sql: """
                SELECT r.id, r.language, (SELECT labelerVersion FROM reportLabel l
                    WHERE l.reportId = r.id AND l.removedVersion IS NULL) AS current
                FROM report r WHERE r.removedVersion IS NULL AND r.language = 'eng_Latn' ORDER BY r.id
                """)
            for row in reports {
                let reportID: Int64 = row["id"]
                let current: String? = row["current"]
                if !force, current == labelerVersion {
                    result.reportsUnchanged += 1
                    continue
                }
                let sections = try Row.fetchAll(db, sql: "SELECT kind, header, text FROM reportSection WHERE reportId = ? ORDER BY position",
                                                arguments: [reportID]).map {
                    ReportSection(kind: ReportSectionKind(rawValue: $0["kind"]) ?? .preamble, header: $0["header"], text: $0["text"])
                }
                let labels = label(Report(language: .english, sections: sections))
                for table in ["reportLabel", "sentence"] {
                    try db.execute(sql: "UPDATE \(table) SET removedVersion = ? WHERE reportId = ? AND removedVersion IS NULL",
                                   arguments: [version, reportID])
                }
                try insertLabels(labels, labelerVersion: labelerVersion, reportID: reportID, version: version, db: db)
                result.reportsRelabeled += 1
            }
            if result.reportsRelabeled == 0 {
                try db.execute(sql: "DELETE FROM corpusVersion WHERE id = ?", arguments: [version])
            } else {
                result.version = version
                try db.execute(sql: "UPDATE corpusVersion SET rowsRemoved = ? WHERE id = ?", arguments: [result.reportsRelabeled, version])
            }
            return result
        }
    }

    /// The live labels of a report (aggregate and per sentence), if it has any.
    public func labels(reportID: Int64) throws -> (labelerVersion: String, aggregate: ObservationLabels, sentences: [SentenceLabels])? {
        try reader.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT labelerVersion, states FROM reportLabel WHERE reportId = ? AND removedVersion IS NULL",
                                             arguments: [reportID]),
                  let aggregate = LabelStatesCode.decode(row["states"]) else { return nil }
            let sentences = try Row.fetchAll(db, sql: "SELECT text, states FROM sentence WHERE reportId = ? AND removedVersion IS NULL ORDER BY position",
                                             arguments: [reportID]).compactMap { sentence -> SentenceLabels? in
                guard let labels = LabelStatesCode.decode(sentence["states"]) else { return nil }
                return SentenceLabels(text: sentence["text"], labels: labels)
            }
            return (row["labelerVersion"], aggregate, sentences)
        }
    }

    /// The live sentences of a report, in order, with the labeler version that labeled them
    /// (`CorpusStore.unlabeled` when none has yet).
    public func sentences(reportID: Int64) throws -> [(text: String, labelerVersion: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT text, labelerVersion FROM sentence WHERE reportId = ? AND removedVersion IS NULL ORDER BY position",
                             arguments: [reportID]).map { (text: $0["text"], labelerVersion: $0["labelerVersion"]) }
        }
    }
}
