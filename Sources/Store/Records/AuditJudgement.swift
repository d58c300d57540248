public import Translation

/// One judge's verdict on one translation of the audit sample: scores, or why it could not score.
public struct AuditJudgement: Sendable, Equatable {
    public var translationID: Int64
    public var model: String
    public var promptVersion: String
    /// nil when the judge failed (`failure` says why).
    public var scores: JudgeScores?
    public var failure: String?
    /// Requests sent for it (retries included).
    public var attempts: Int

    public init(translationID: Int64, model: String, promptVersion: String, scores: JudgeScores?, failure: String?, attempts: Int) {
        self.translationID = translationID
        self.model = model
        self.promptVersion = promptVersion
        self.scores = scores
        self.failure = failure
        self.attempts = attempts
    }
}
