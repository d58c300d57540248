/// What a report (or a sentence) says about one observation.
///
/// CheXpert writes these as `1.0`, `0.0`, `-1.0` and an empty cell.
public enum LabelState: Int8, Sendable, Codable, Hashable, CaseIterable {
    /// The observation is not mentioned (CheXpert: empty cell).
    case notMentioned = 0
    /// The observation is present (CheXpert: 1).
    case positive = 1
    /// The observation is stated to be absent (CheXpert: 0).
    case negative = 2
    /// The observation is mentioned with uncertainty (CheXpert: -1).
    case uncertain = 3

    /// CheXpert's numeric value: 1, 0, -1, or nil when not mentioned.
    public var chexpertValue: Int? {
        switch self {
        case .notMentioned: nil
        case .positive: 1
        case .negative: 0
        case .uncertain: -1
        }
    }

    /// The state for CheXpert's numeric value (1, 0, -1, or nil for not mentioned).
    public init?(chexpertValue: Int?) {
        guard let value = chexpertValue else { self = .notMentioned; return }
        switch value {
        case 1: self = .positive
        case 0: self = .negative
        case -1: self = .uncertain
        default: return nil
        }
    }

    /// CheXpert's aggregation of two statements about one observation: positive wins, then
    /// uncertain (so negative + uncertain → uncertain), then negative, then not mentioned.
    public func merged(with other: LabelState) -> LabelState {
        LabelState.rank(self) >= LabelState.rank(other) ? self : other
    }

    /// True for positive and uncertain: the states that make a report not "No Finding".
    public var isPositiveOrUncertain: Bool { self == .positive || self == .uncertain }

    private static func rank(_ state: LabelState) -> Int {
        switch state {
        case .notMentioned: 0
        case .negative: 1
        case .uncertain: 2
        case .positive: 3
        }
    }
}
