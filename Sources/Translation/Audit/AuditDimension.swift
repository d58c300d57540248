/// The three scales translations are audited on (3M-CLIP §3.2), each scored 1–5.
public enum AuditDimension: String, Sendable, Codable, CaseIterable, Comparable {
    case accuracy, fluency, consistency

    public static func < (lhs: AuditDimension, rhs: AuditDimension) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension JudgeScores {
    public subscript(dimension: AuditDimension) -> Int {
        switch dimension {
        case .accuracy: accuracy
        case .fluency: fluency
        case .consistency: consistency
        }
    }
}
