public import Tensors
import Foundation

/// XLM's language sampling: language i is drawn with probability q_i = p_i^α / Σ_j p_j^α, where
/// p_i is its share of the sentences. α < 1 lifts the languages with little text (α = 0.3 by
/// default, as XLM-R), so the 20 translated languages are not drowned by English; α = 1 samples
/// by size, α = 0 uniformly.
public struct LanguageSampler: Sendable {
    public let languages: [String]
    public let probabilities: [Double]
    private let cumulative: [Double]

    /// `counts`: sentences per language (languages with none are left out).
    public init(counts: [String: Int], alpha: Double = 0.3) {
        precondition(alpha >= 0, "LanguageSampler: alpha must be ≥ 0")
        let present = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let total = Double(present.reduce(0) { $0 + $1.value })
        let weights = present.map { pow(Double($0.value) / total, alpha) }
        let sum = weights.reduce(0, +)
        languages = present.map(\.key)
        probabilities = weights.map { $0 / sum }
        var running = 0.0
        cumulative = probabilities.map { running += $0; return running }
    }

    /// One language, drawn with its probability.
    public func sample(rng: inout TensorRNG) -> String {
        precondition(!languages.isEmpty, "LanguageSampler: no language has sentences")
        let draw = Double.random(in: 0..<1, using: &rng)
        return languages[cumulative.firstIndex { draw < $0 } ?? languages.count - 1]
    }
}
