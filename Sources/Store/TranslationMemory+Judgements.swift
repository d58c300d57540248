public import Foundation
import GRDB
public import Translation

/// The LLM judge's side of the audit: what is left to judge (resume), each verdict as it comes,
/// and the sample as the report reads it, human and judge scores side by side.
extension CorpusStore {
    /// Audit rows this judge has not scored yet (never tried, or failed before), by target
    /// language then id.
    public func auditItemsToJudge(model: String, promptVersion: String) throws -> [AuditItem] {
        let scored = try reader.read { db in
            try Set(Int64.fetchAll(db, sql: """
                SELECT translationId FROM translationJudgement WHERE model = ? AND promptVersion = ? AND failure IS NULL
                """, arguments: [model, promptVersion]))
        }
        return try auditSample().filter { !scored.contains($0.id) }
    }

    /// Stores one verdict (replacing this judge's earlier one for the translation).
    public func recordJudgement(_ judgement: AuditJudgement, now: Date = Date()) throws {
        guard (judgement.scores == nil) != (judgement.failure == nil) else {
            throw StoreError("audit row \(judgement.translationID): a judgement holds scores or a failure, not both or neither")
        }
        try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT audit FROM translation WHERE id = ?", arguments: [judgement.translationID]) == true else {
                throw StoreError("audit row \(judgement.translationID) is not in the audit sample")
            }
            try db.execute(sql: """
                INSERT INTO translationJudgement (translationId, model, promptVersion, accuracy, fluency, consistency, reason, failure,
                                                  attempts, judgedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (translationId, model, promptVersion) DO UPDATE SET accuracy = excluded.accuracy,
                    fluency = excluded.fluency, consistency = excluded.consistency, reason = excluded.reason,
                    failure = excluded.failure, attempts = excluded.attempts, judgedAt = excluded.judgedAt
                """, arguments: [judgement.translationID, judgement.model, judgement.promptVersion, judgement.scores?.accuracy,
                                 judgement.scores?.fluency, judgement.scores?.consistency, judgement.scores?.reason,
                                 judgement.failure, judgement.attempts, Self.timestamp(now)])
        }
    }

    /// This judge's verdicts, by translation id.
    public func auditJudgements(model: String, promptVersion: String) throws -> [Int64: AuditJudgement] {
        try reader.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM translationJudgement WHERE model = ? AND promptVersion = ?
                """, arguments: [model, promptVersion])
            var result: [Int64: AuditJudgement] = [:]
            for row in rows {
                let accuracy: Int? = row["accuracy"], fluency: Int? = row["fluency"], consistency: Int? = row["consistency"]
                let scores = accuracy.flatMap { accuracy in
                    fluency.flatMap { fluency in
                        consistency.map { JudgeScores(accuracy: accuracy, fluency: fluency, consistency: $0, reason: row["reason"] ?? "") }
                    }
                }
                let id: Int64 = row["translationId"]
                result[id] = AuditJudgement(translationID: id, model: row["model"], promptVersion: row["promptVersion"],
                                            scores: scores, failure: row["failure"], attempts: row["attempts"])
            }
            return result
        }
    }

    /// Every judge that has judged part of the sample, the most recent first.
    public func auditJudges() throws -> [AuditJudgeProgress] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT model, promptVersion, SUM(failure IS NULL) AS scored, SUM(failure IS NOT NULL) AS failed
                FROM translationJudgement GROUP BY model, promptVersion ORDER BY MAX(judgedAt) DESC, model, promptVersion
                """).map { AuditJudgeProgress(model: $0["model"], promptVersion: $0["promptVersion"], scored: $0["scored"], failed: $0["failed"]) }
        }
    }

    /// The audit sample as `AuditReport` reads it: the filters' verdict, the reviewers' scores and
    /// (when `judge` is given) that judge's scores.
    public func auditObservations(judge: (model: String, promptVersion: String)?) throws -> [AuditObservation] {
        let judgements = try judge.map { try auditJudgements(model: $0.model, promptVersion: $0.promptVersion) } ?? [:]
        return try auditSample().map { item in
            var human: [AuditDimension: Int] = [:]
            human[.accuracy] = item.accuracy
            human[.fluency] = item.fluency
            human[.consistency] = item.consistency
            let kept = item.verdict == "keep"
            return AuditObservation(targetLanguage: item.targetLanguage, kept: kept,
                                    rejectReason: kept ? nil : String(item.verdict.dropFirst("reject:".count)),
                                    human: human, judge: judgements[item.id]?.scores)
        }
    }
}
