import Foundation
import GRDB
import Radiology
public import Translation

/// The translation memory's rows in the store (`translation` table, migration v3-translation).
extension CorpusStore: TranslationMemoryPersistence {
    public func loadMemoryEntries(engine: String) throws -> [MemoryEntry] {
        try reader.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(db, sql: """
                SELECT sourceKey, sourceLanguage, targetLanguage, sourceText, output, logProb, reasons, metrics, audit
                FROM translation WHERE engine = ?
                """, arguments: [engine]).compactMap { row in
                guard let from = LanguageCode(row["sourceLanguage"] as String), let to = LanguageCode(row["targetLanguage"] as String),
                      let metrics = try? decoder.decode(QualityMetrics.self, from: Data((row["metrics"] as String).utf8)) else { return nil }
                let reasons = (row["reasons"] as String).split(separator: ",").compactMap { RejectReason(rawValue: String($0)) }
                let key = MemoryKey(normalisedSource: row["sourceKey"], from: from, to: to, engine: engine)
                return MemoryEntry(key: key, sourceText: row["sourceText"], output: row["output"], logProb: row["logProb"],
                                   decision: QualityDecision(reasons: reasons, metrics: metrics), audit: row["audit"])
            }
        }
    }

    public func saveMemoryEntries(_ entries: [MemoryEntry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let now = Self.timestamp(Date())
        try writer.write { db in
            for entry in entries {
                let metrics = String(decoding: try encoder.encode(entry.decision.metrics), as: UTF8.self)
                try db.cachedStatement(sql: """
                    INSERT INTO translation (sourceKey, sourceLanguage, targetLanguage, engine, sourceText, output, logProb,
                        kept, reason, reasons, metrics, audit, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sourceKey, sourceLanguage, targetLanguage, engine) DO UPDATE SET
                        output = excluded.output, logProb = excluded.logProb, kept = excluded.kept, reason = excluded.reason,
                        reasons = excluded.reasons, metrics = excluded.metrics, audit = excluded.audit, createdAt = excluded.createdAt
                    """).execute(arguments: [
                        entry.key.source, entry.key.sourceLanguage.rawValue, entry.key.targetLanguage.rawValue, entry.key.engine,
                        entry.sourceText, entry.output, entry.logProb, entry.decision.isKept, entry.decision.reason?.rawValue,
                        entry.decision.reasons.map(\.rawValue).joined(separator: ","), metrics, entry.audit, now,
                    ])
                try db.cachedStatement(sql: "DELETE FROM translationPending WHERE sourceKey = ? AND sourceLanguage = ? AND targetLanguage = ?")
                    .execute(arguments: [entry.key.source, entry.key.sourceLanguage.rawValue, entry.key.targetLanguage.rawValue])
            }
        }
    }

    /// Adds `delta` to the named translation counter (memory look-ups and hits).
    public func addTranslationCounters(_ deltas: [String: Int]) throws {
        try writer.write { db in
            for (name, delta) in deltas where delta != 0 {
                try db.execute(sql: """
                    INSERT INTO translationCounter (name, value) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
                    """, arguments: [name, delta])
            }
        }
    }
}
