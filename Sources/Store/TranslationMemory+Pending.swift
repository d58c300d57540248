import Foundation
import GRDB
public import Radiology
public import Translation

/// A sentence waiting for a translation into one language.
public struct PendingTranslation: Sendable, Equatable, Hashable {
    public var sourceText: String
    public var sourceLanguage: LanguageCode
    public var targetLanguage: LanguageCode
    public var attempts: Int
}

/// The pending queue (`translationPending`): what the daemon still has to translate. Sentences
/// are queued after each corpus version whatever the engine's state, so a sentence that arrives
/// while no engine is available waits here and is backfilled when one appears.
extension CorpusStore {
    /// Queues the sentences of reports added after the last queued corpus version: English
    /// sentences into every target, sentences of other languages into English. Sentences the
    /// memory already holds for `engine` are not queued. Returns how many rows were queued.
    @discardableResult
    public func enqueueTranslations(targets: [LanguageCode], engine: String, memory: TranslationMemory) throws -> Int {
        let (cursor, version, sentences) = try reader.read { db -> (Int, Int, [(String, String)]) in
            let cursor = try Int.fetchOne(db, sql: "SELECT value FROM translationCounter WHERE name = 'queuedVersion'") ?? 0
            let version = try Int.fetchOne(db, sql: "SELECT MAX(id) FROM corpusVersion") ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.text, r.language FROM sentence s JOIN report r ON r.id = s.reportId
                WHERE s.addedVersion > ? AND s.addedVersion <= ? AND s.removedVersion IS NULL AND r.removedVersion IS NULL
                ORDER BY s.id
                """, arguments: [cursor, version])
            return (cursor, version, rows.map { ($0["text"] as String, $0["language"] as String) })
        }
        guard version > cursor else { return 0 }
        var rows: [(MemoryKey, String)] = []
        var seen = Set<MemoryKey>()
        var requests = 0
        for (text, languageText) in sentences {
            guard let language = LanguageCode(languageText), !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let into = language == .english ? targets.filter { $0 != .english } : [LanguageCode.english]
            for target in into {
                let key = MemoryKey(source: text, from: language, to: target, engine: engine)
                requests += 1
                if seen.insert(key).inserted { rows.append((key, text)) }
            }
        }
        let known = try memory.lookup(rows.map(\.0))
        // Hit rate: every (sentence, target) the corpus asks for counts once; it is a hit when
        // the memory holds it or an earlier sentence of the same versions already asked for it.
        let misses = zip(rows, known).filter { $0.1 == nil }.count
        try addTranslationCounters(["lookups": requests, "hits": requests - misses])
        var queued = 0
        try writer.write { db in
            for ((key, text), hit) in zip(rows, known) where hit == nil {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO translationPending (sourceKey, sourceLanguage, targetLanguage, sourceText, enqueuedVersion)
                    VALUES (?, ?, ?, ?, ?)
                    """).execute(arguments: [key.source, key.sourceLanguage.rawValue, key.targetLanguage.rawValue, text, version])
                queued += db.changesCount
            }
            try db.execute(sql: """
                INSERT INTO translationCounter (name, value) VALUES ('queuedVersion', ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value
                """, arguments: [version])
        }
        return queued
    }

    /// Queues sentences directly (e.g. `m3clip translate` on a store, or tests).
    public func enqueueTranslations(_ texts: [String], from source: LanguageCode, to targets: [LanguageCode]) throws {
        let version = try currentVersion()
        try writer.write { db in
            for text in texts {
                for target in targets where target != source {
                    try db.cachedStatement(sql: """
                        INSERT OR IGNORE INTO translationPending (sourceKey, sourceLanguage, targetLanguage, sourceText, enqueuedVersion)
                        VALUES (?, ?, ?, ?, ?)
                        """).execute(arguments: [MemoryKey.normalise(text), source.rawValue, target.rawValue, text, version])
                }
            }
        }
    }

    /// Up to `limit` pending sentences of one language pair: the pair with the most waiting,
    /// oldest first; sentences that failed most often come last.
    public func nextPendingBatch(limit: Int) throws -> [PendingTranslation] {
        try reader.read { db in
            guard let pair = try Row.fetchOne(db, sql: """
                SELECT sourceLanguage, targetLanguage FROM translationPending
                GROUP BY sourceLanguage, targetLanguage ORDER BY MIN(attempts), COUNT(*) DESC LIMIT 1
                """) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT sourceText, sourceLanguage, targetLanguage, attempts FROM translationPending
                WHERE sourceLanguage = ? AND targetLanguage = ? ORDER BY attempts, enqueuedVersion, rowid LIMIT ?
                """, arguments: [pair["sourceLanguage"] as String, pair["targetLanguage"] as String, limit]).compactMap { row in
                guard let from = LanguageCode(row["sourceLanguage"] as String), let to = LanguageCode(row["targetLanguage"] as String) else { return nil }
                return PendingTranslation(sourceText: row["sourceText"], sourceLanguage: from, targetLanguage: to, attempts: row["attempts"])
            }
        }
    }

    /// Records a failed attempt at these sentences (they stay pending).
    public func notePendingFailure(_ items: [PendingTranslation], error: String) throws {
        try writer.write { db in
            for item in items {
                try db.cachedStatement(sql: """
                    UPDATE translationPending SET attempts = attempts + 1, lastError = ?
                    WHERE sourceKey = ? AND sourceLanguage = ? AND targetLanguage = ?
                    """).execute(arguments: [error, MemoryKey.normalise(item.sourceText), item.sourceLanguage.rawValue, item.targetLanguage.rawValue])
            }
        }
    }

    /// How many translations are pending, per target language.
    public func pendingTranslationCounts() throws -> [String: Int] {
        try reader.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT targetLanguage, COUNT(*) AS n FROM translationPending GROUP BY targetLanguage") {
                counts[row["targetLanguage"]] = row["n"]
            }
            return counts
        }
    }
}
