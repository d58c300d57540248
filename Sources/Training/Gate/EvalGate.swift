import Foundation

/// Decides whether a newly trained model may replace the current one: it must not be worse on
/// any gated metric by more than that metric's tolerance.
///
/// Gated metrics (all "higher is better"): `zero_shot.accuracy` and every
/// `retrieval.t2i.R@10.<language>`. Only metrics the current model has are compared, so a
/// language new in the candidate is not held against it; a gated metric the current model has
/// but the candidate lacks, or reports as NaN or infinite, fails. With no current model, every
/// candidate passes.
public struct EvalGate: Sendable, Equatable {
    /// The tolerance of a metric with no entry in ``tolerances`` (absolute, e.g. 0.02 = two
    /// percentage points).
    public let defaultTolerance: Double
    /// Tolerances by metric name or by a dot-prefix of it: `retrieval.t2i.R@10` covers every
    /// language; the longest matching name wins.
    public let tolerances: [String: Double]

    /// - Parameters:
    ///   - defaultTolerance: the allowed drop for a metric with no entry of its own.
    ///   - tolerances: allowed drops by metric name or dot-prefix (see ``tolerances``).
    public init(defaultTolerance: Double = 0.02, tolerances: [String: Double] = [:]) {
        precondition(defaultTolerance >= 0 && tolerances.values.allSatisfy { $0 >= 0 },
                     "EvalGate: tolerances must be non-negative")
        self.defaultTolerance = defaultTolerance
        self.tolerances = tolerances
    }

    /// Whether the gate compares the metric called `name`.
    public static func isGated(_ name: String) -> Bool {
        name == "zero_shot.accuracy" || name.hasPrefix("retrieval.t2i.R@10.")
    }

    /// The tolerance for the metric called `name`: its own entry, else that of its longest
    /// dot-prefix in ``tolerances``, else ``defaultTolerance``.
    public func tolerance(for name: String) -> Double {
        var prefix = Substring(name)
        while true {
            if let tolerance = tolerances[String(prefix)] { return tolerance }
            guard let dot = prefix.lastIndex(of: ".") else { return defaultTolerance }
            prefix = prefix[..<dot]
        }
    }

    /// Compares `candidate`'s metrics with `current`'s (nil when no model is current).
    public func judge(candidate: [String: Double], current: [String: Double]?) -> GateVerdict {
        guard let current else { return GateVerdict(passed: true, reasons: ["no current model"], compared: [:]) }
        var compared: [String: GateVerdict.Comparison] = [:]
        var reasons: [String] = []
        for name in current.keys.sorted() where Self.isGated(name) {
            let currentValue = current[name]!
            guard currentValue.isFinite else { continue }
            let tolerance = tolerance(for: name)
            let candidateValue = candidate[name].flatMap { $0.isFinite ? $0 : nil }
            compared[name] = GateVerdict.Comparison(candidate: candidateValue, current: currentValue, tolerance: tolerance)
            let was = Self.decimal(currentValue)
            switch candidate[name] {
            case nil:
                reasons.append("\(name): missing from the candidate (current \(was))")
            case let value? where !value.isFinite:
                reasons.append("\(name): candidate \(value) is not a finite number (current \(was))")
            case let value?:
                // A little slack so that a drop of exactly the tolerance passes despite rounding.
                if value - currentValue < -tolerance - 1e-9 {
                    reasons.append("\(name): candidate \(Self.decimal(value)) is \(Self.decimal(currentValue - value)) below current \(was) (tolerance \(Self.decimal(tolerance)))")
                }
            }
        }
        if compared.isEmpty {
            return GateVerdict(passed: true, reasons: ["the current model has no gated metric"], compared: [:])
        }
        return GateVerdict(passed: reasons.isEmpty, reasons: reasons, compared: compared)
    }

    private static func decimal(_ value: Double) -> String { String(format: "%.4f", value) }
}
