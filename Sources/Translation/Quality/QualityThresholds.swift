public import Radiology

/// The quality filters' thresholds (`[translation.filters]` in the configuration). Each has a
/// default that suits NLLB-200 output on radiology sentences; the type-token floor is
/// per language (`LanguageProfile.typeTokenFloor`) unless overridden here.
public struct QualityThresholds: Sendable, Equatable, Codable {
    /// Reject as a copy when the normalised similarity to the source reaches this.
    public var copySimilarity = 0.9
    /// Copies are only judged when the source has at least this many letters and digits
    /// ("T11." may be the same in every language).
    public var copyMinimumCharacters = 8
    /// Accepted range of (output length / source length) / (target length factor / source length factor).
    public var lengthRatioMin = 1.0 / 3.0
    public var lengthRatioMax = 3.0
    /// Reject when a token n-gram (n ≤ 4) or a character n-gram (2 ≤ n ≤ 16) repeats this many
    /// times back to back (the NLLB loop failure).
    public var maxConsecutiveRepeats = 3
    /// Reject when distinct 3-grams / all 3-grams falls below this…
    public var trigramUniquenessMin = 0.6
    /// …for outputs with at least this many 3-grams.
    public var trigramMinimumCount = 6
    /// Type-token ratio is judged on outputs of at least this many tokens.
    public var typeTokenMinimumTokens = 8
    /// Per-language type-token floors replacing the language table's.
    public var typeTokenFloors: [LanguageCode: Double] = [:]
    /// Share of the output's letters that must be in the target's script.
    public var scriptShareMin = 0.8
    /// Reject when the engine's mean token log-probability is below this.
    public var logProbMin = -2.5
    /// Whether the numbers of source and output must match as multisets.
    public var checkNumbers = true

    public init() {}

    /// The type-token floor for `language`.
    public func typeTokenFloor(for language: LanguageCode) -> Double {
        typeTokenFloors[language] ?? LanguageTable.profile(for: language).typeTokenFloor
    }
}
