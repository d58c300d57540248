/// One translation of the audit sample as the report sees it: the filters' verdict, and whatever
/// scores a person and the judge gave it.
public struct AuditObservation: Sendable, Equatable {
    public var targetLanguage: String
    public var kept: Bool
    /// The filter's (first) reason for a rejected translation.
    public var rejectReason: String?
    /// A reviewer's scores; a dimension left blank is absent.
    public var human: [AuditDimension: Int]
    public var judge: JudgeScores?

    public init(targetLanguage: String, kept: Bool, rejectReason: String? = nil, human: [AuditDimension: Int] = [:], judge: JudgeScores? = nil) {
        self.targetLanguage = targetLanguage
        self.kept = kept
        self.rejectReason = rejectReason
        self.human = human
        self.judge = judge
    }
}
