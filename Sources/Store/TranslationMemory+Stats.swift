import Foundation
import GRDB
import Radiology

/// `m3clip translate stats`: the memory's hit rate and what the filters kept and rejected.
public struct TranslationStats: Sendable, Codable, Equatable {
    public struct Language: Sendable, Codable, Equatable {
        public var kept: Int
        public var rejected: Int
        /// Rejections by first reason.
        public var reasons: [String: Int]
    }

    /// Memory look-ups and hits counted by the daemon and the CLI since the store was made.
    public var lookups: Int
    public var hits: Int
    public var hitRate: Double?
    /// Translations the memory holds (all engines).
    public var entries: Int
    /// Sentences waiting, per target language.
    public var pending: [String: Int]
    /// Per target language.
    public var languages: [String: Language]
    public var auditSampled: Int
    public var auditReviewed: Int
}

extension CorpusStore {
    public func translationStats() throws -> TranslationStats {
        let pending = try pendingTranslationCounts()
        return try reader.read { db in
            var counters: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM translationCounter") { counters[row["name"]] = row["value"] }
            var languages: [String: TranslationStats.Language] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT targetLanguage, kept, reason, COUNT(*) AS n FROM translation GROUP BY targetLanguage, kept, reason
                """) {
                let language: String = row["targetLanguage"]
                var entry = languages[language] ?? .init(kept: 0, rejected: 0, reasons: [:])
                let count: Int = row["n"]
                if row["kept"] as Bool {
                    entry.kept += count
                } else {
                    entry.rejected += count
                    entry.reasons[row["reason"] ?? "unknown", default: 0] += count
                }
                languages[language] = entry
            }
            let lookups = counters["lookups"] ?? 0, hits = counters["hits"] ?? 0
            return TranslationStats(
                lookups: lookups, hits: hits, hitRate: lookups == 0 ? nil : Double(hits) / Double(lookups),
                entries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM translation") ?? 0,
                pending: pending, languages: languages,
                auditSampled: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM translation WHERE audit = 1") ?? 0,
                auditReviewed: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM translationReview") ?? 0)
        }
    }
}
