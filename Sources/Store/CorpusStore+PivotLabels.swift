public import Foundation
import GRDB
public import Radiology
public import Translation

extension CorpusStore {
    /// Labels reports written in another language through their English translation (the pivot):
    /// a live non-English report without labels whose every sentence has a kept English
    /// translation from `engine` in `memory` gets a report label computed on the English text, and
    /// its sentences (in the original language) get the labels of their English translations.
    /// All of it lands as one corpus version of kind `pivot-label`; nil when no report was ready.
    ///
    /// `labelReport` labels English report text; `labelSentence` one English sentence.
    @discardableResult
    public func labelFromEnglishPivot(engine: String, memory: TranslationMemory, labelerVersion: String, now: Date = Date(),
                                      labelReport: (String) -> ObservationLabels,
                                      labelSentence: (String) -> ObservationLabels) throws -> Int? {
        let candidates = try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.language FROM report r
                WHERE r.removedVersion IS NULL AND r.language <> 'eng_Latn'
                  AND NOT EXISTS (SELECT 1 FROM reportLabel l WHERE l.reportId = r.id AND l.removedVersion IS NULL)
                ORDER BY r.id
                """).map { (id: $0["id"] as Int64, language: $0["language"] as String) }
        }
        var ready: [(reportID: Int64, sentences: [(text: String, english: String)])] = []
        for candidate in candidates {
            guard let language = LanguageCode(candidate.language) else { continue }
            let sentences = try reader.read { db in
                try String.fetchAll(db, sql: "SELECT text FROM sentence WHERE reportId = ? AND removedVersion IS NULL ORDER BY position",
                                    arguments: [candidate.id])
            }
            guard !sentences.isEmpty else { continue }
            let found = try memory.lookup(sentences.map { MemoryKey(source: $0, from: language, to: .english, engine: engine) })
            let english = found.compactMap { entry in entry.flatMap { $0.decision.isKept ? $0.output : nil } }
            guard english.count == sentences.count else { continue }
            ready.append((candidate.id, Array(zip(sentences, english).map { (text: $0.0, english: $0.1) })))
        }
        guard !ready.isEmpty else { return nil }
        let pivotVersion = "\(labelerVersion) via eng_Latn (\(engine))"
        return try writer.write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0) + 1
            try db.execute(sql: "INSERT INTO corpusVersion (id, createdAt, kind, note, rowsRemoved) VALUES (?, ?, 'pivot-label', ?, ?)",
                           arguments: [version, Self.timestamp(now), "labels through English translations (\(engine))", ready.count])
            for report in ready {
                let aggregate = labelReport(report.sentences.map(\.english).joined(separator: " "))
                let sentences = report.sentences.map { SentenceLabels(text: $0.text, labels: labelSentence($0.english)) }
                try db.execute(sql: "UPDATE sentence SET removedVersion = ? WHERE reportId = ? AND removedVersion IS NULL",
                               arguments: [version, report.reportID])
                try insertLabels(ReportLabels(sentences: sentences, aggregate: aggregate), labelerVersion: pivotVersion,
                                 reportID: report.reportID, version: version, db: db)
            }
            return version
        }
    }
}
