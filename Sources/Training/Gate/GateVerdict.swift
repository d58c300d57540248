/// The eval gate's decision on a candidate model (``EvalGate/judge(candidate:current:)``).
public struct GateVerdict: Codable, Sendable, Equatable {
    /// One gated metric as both models scored it.
    public struct Comparison: Codable, Sendable, Equatable {
        /// The candidate's value; nil when the candidate lacks the metric or it is not a finite
        /// number.
        public let candidate: Double?
        /// The current model's value.
        public let current: Double
        /// `candidate − current` (higher is better); nil when ``candidate`` is nil.
        public let delta: Double?
        /// How far below `current` the candidate may fall and still pass.
        public let tolerance: Double

        init(candidate: Double?, current: Double, tolerance: Double) {
            self.candidate = candidate
            self.current = current
            self.delta = candidate.map { $0 - current }
            self.tolerance = tolerance
        }
    }

    /// Whether the candidate may replace the current model.
    public let passed: Bool
    /// Why: one line per failing metric with both numbers, or a note when nothing could be
    /// compared ("no current model"). Empty when every compared metric passed.
    public let reasons: [String]
    /// Every gated metric the current model has, by name.
    public let compared: [String: Comparison]

    init(passed: Bool, reasons: [String], compared: [String: Comparison]) {
        self.passed = passed
        self.reasons = reasons
        self.compared = compared
    }
}
