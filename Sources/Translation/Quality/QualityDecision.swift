/// Why a translation was rejected. Raw values are stable: they are stored and printed
/// (`reject:<reason>`).
public enum RejectReason: String, Sendable, Codable, CaseIterable, Comparable {
    case empty
    case copy
    case lengthRatio = "length_ratio"
    case continuousRepetition = "continuous_repetition"
    case repeatedNgrams = "repeated_ngrams"
    case lowTypeTokenRatio = "low_type_token_ratio"
    case wrongScript = "wrong_script"
    case numbersNotPreserved = "numbers_not_preserved"
    case lowLogProb = "low_log_prob"

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What the filters measured on one (source, output) pair. Optional fields were not measured
/// (too short, no letters, no score from the engine).
public struct QualityMetrics: Sendable, Codable, Equatable {
    public var sourceLength: Int
    public var outputLength: Int
    public var similarity: Double
    public var lengthRatio: Double?
    public var longestRepeat: Int
    public var trigramUniqueness: Double?
    public var typeTokenRatio: Double?
    public var scriptShare: Double?
    public var sourceNumbers: [String]
    public var outputNumbers: [String]
    public var logProb: Double?
}

/// The filters' verdict on one translation: kept, or rejected with every reason that applied
/// (the first, in `RejectReason` order, is *the* reason), plus the metrics behind it.
public struct QualityDecision: Sendable, Codable, Equatable {
    public var reasons: [RejectReason]
    public var metrics: QualityMetrics

    public var isKept: Bool { reasons.isEmpty }
    /// The first reason, nil when kept.
    public var reason: RejectReason? { reasons.first }
    /// `keep` or `reject:<reason>`.
    public var verdict: String { reason.map { "reject:\($0.rawValue)" } ?? "keep" }

    public init(reasons: [RejectReason], metrics: QualityMetrics) {
        self.reasons = reasons.sorted()
        self.metrics = metrics
    }
}
