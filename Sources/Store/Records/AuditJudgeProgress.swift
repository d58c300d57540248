/// A judge (model under a rubric version) and how far it got through the audit sample.
public struct AuditJudgeProgress: Sendable, Codable, Equatable {
    public var model: String
    public var promptVersion: String
    public var scored: Int
    public var failed: Int
}
