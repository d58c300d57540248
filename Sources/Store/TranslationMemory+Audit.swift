public import Foundation
import GRDB
import Radiology

/// One translation of the audit sample, with any scores a reviewer gave.
public struct AuditItem: Sendable, Codable, Equatable {
    public var id: Int64
    public var sourceLanguage: String
    public var targetLanguage: String
    public var engine: String
    public var source: String
    public var output: String
    /// `keep` or `reject:<reason>`.
    public var verdict: String
    /// The filters' metrics, as JSON.
    public var metrics: String
    public var accuracy: Int?
    public var fluency: Int?
    public var consistency: Int?
}

/// A reviewer's scores (1–5) for one audited translation.
public struct AuditScore: Sendable, Equatable {
    public var id: Int64
    public var accuracy: Int?
    public var fluency: Int?
    public var consistency: Int?

    public init(id: Int64, accuracy: Int?, fluency: Int?, consistency: Int?) {
        self.id = id
        self.accuracy = accuracy
        self.fluency = fluency
        self.consistency = consistency
    }
}

/// The audit loop: a deterministic 1 % sample of kept and rejected output (marked when the
/// translation is stored), exported for review, scores imported back; an LLM judge's scores beside
/// them (`TranslationMemory+Judgements.swift`), both reported by `AuditReport`.
extension CorpusStore {
    /// The audit sample, by target language then id.
    public func auditSample() throws -> [AuditItem] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.sourceLanguage, t.targetLanguage, t.engine, t.sourceText, t.output, t.kept, t.reason, t.metrics,
                       r.accuracy, r.fluency, r.consistency
                FROM translation t LEFT JOIN translationReview r ON r.translationId = t.id
                WHERE t.audit = 1 ORDER BY t.targetLanguage, t.id
                """).map { row in
                let kept: Bool = row["kept"]
                let reason: String? = row["reason"]
                return AuditItem(id: row["id"], sourceLanguage: row["sourceLanguage"], targetLanguage: row["targetLanguage"],
                                 engine: row["engine"], source: row["sourceText"], output: row["output"],
                                 verdict: kept ? "keep" : "reject:\(reason ?? "unknown")", metrics: row["metrics"],
                                 accuracy: row["accuracy"], fluency: row["fluency"], consistency: row["consistency"])
            }
        }
    }

    /// Stores reviewers' scores; every id must be in the audit sample and every score 1…5.
    /// Returns how many rows were stored.
    @discardableResult
    public func recordAuditScores(_ scores: [AuditScore], now: Date = Date()) throws -> Int {
        for score in scores {
            for value in [score.accuracy, score.fluency, score.consistency].compactMap({ $0 }) where !(1...5).contains(value) {
                throw StoreError("audit row \(score.id): score \(value) is outside 1…5")
            }
        }
        return try writer.write { db in
            var stored = 0
            for score in scores where score.accuracy != nil || score.fluency != nil || score.consistency != nil {
                guard try Bool.fetchOne(db, sql: "SELECT audit FROM translation WHERE id = ?", arguments: [score.id]) == true else {
                    throw StoreError("audit row \(score.id) is not in the audit sample")
                }
                try db.execute(sql: """
                    INSERT INTO translationReview (translationId, accuracy, fluency, consistency, importedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (translationId) DO UPDATE SET accuracy = excluded.accuracy, fluency = excluded.fluency,
                        consistency = excluded.consistency, importedAt = excluded.importedAt
                    """, arguments: [score.id, score.accuracy, score.fluency, score.consistency, Self.timestamp(now)])
                stored += 1
            }
            return stored
        }
    }
}
