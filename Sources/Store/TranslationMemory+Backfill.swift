import Foundation
import GRDB
import Radiology
public import Translation

/// What one backfill step did.
public struct BackfillOutcome: Sendable, Equatable {
    /// Pending sentences taken.
    public var taken = 0
    /// Translations stored (kept and rejected), and how many the memory already had.
    public var translated = 0
    public var fromMemory = 0
    public var kept = 0
    public var rejected = 0
    /// The engine's error when the batch failed (the sentences stay pending).
    public var error: String?
}

extension CorpusStore {
    /// Translates up to `limit` pending sentences of one language pair with `translator` (memory
    /// first), stores the results and removes them from the queue. When the engine fails, the
    /// sentences stay pending with the error and an attempt counted. (The memory's hit rate is
    /// counted when sentences are queued, not here: a queued sentence was a miss.)
    public func translatePending(with translator: Translator, limit: Int) async -> BackfillOutcome {
        var outcome = BackfillOutcome()
        let batch: [PendingTranslation]
        do {
            batch = try nextPendingBatch(limit: limit)
        } catch {
            outcome.error = "\(error)"
            return outcome
        }
        guard let first = batch.first else { return outcome }
        outcome.taken = batch.count
        do {
            let results = try await translator.translate(batch.map(\.sourceText), from: first.sourceLanguage, to: first.targetLanguage)
            // Memory hits never went through saveMemoryEntries: clear their queue rows here.
            let hits = results.filter(\.fromMemory).map(\.entry)
            if !hits.isEmpty { try clearPending(hits.map(\.key)) }
            for result in results {
                if result.fromMemory { outcome.fromMemory += 1 } else { outcome.translated += 1 }
                if result.decision.isKept { outcome.kept += 1 } else { outcome.rejected += 1 }
            }
        } catch {
            outcome.error = "\(error)"
            try? notePendingFailure(batch, error: "\(error)")
        }
        return outcome
    }

    private func clearPending(_ keys: [MemoryKey]) throws {
        try writer.write { db in
            for key in keys {
                try db.cachedStatement(sql: "DELETE FROM translationPending WHERE sourceKey = ? AND sourceLanguage = ? AND targetLanguage = ?")
                    .execute(arguments: [key.source, key.sourceLanguage.rawValue, key.targetLanguage.rawValue])
            }
        }
    }
}
