import Foundation
public import Radiology

/// Judges machine-translated sentences (issue 5, DESIGN.md §4): empty output, copies of the
/// source, implausible length, continuous repetition, repeated n-grams, low type-token ratio,
/// wrong script, numbers not preserved, and a low mean log-probability. Rejected output is kept
/// with its reasons but never used for training.
public struct QualityFilter: Sendable {
    public var thresholds: QualityThresholds

    public init(thresholds: QualityThresholds = QualityThresholds()) {
        self.thresholds = thresholds
    }

    /// Judges `output`, a translation of `source` from `sourceLanguage` into `target`.
    /// `logProb` is the engine's mean token log-probability when it gives one.
    public func evaluate(source: String, output: String, from sourceLanguage: LanguageCode = .english,
                         to target: LanguageCode, logProb: Double? = nil) -> QualityDecision {
        let t = thresholds
        let targetProfile = LanguageTable.profile(for: target)
        let sourceProfile = LanguageTable.profile(for: sourceLanguage)
        let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let sourceLength = TextMeasures.visibleLength(source)
        let outputLength = TextMeasures.visibleLength(trimmed)
        let tokens = TextMeasures.tokens(trimmed, byCharacter: targetProfile.script.countsCharacters)
        let similarity = TextMeasures.similarity(source, trimmed)
        let lengthRatio: Double? = sourceLength == 0 ? nil
            : (Double(outputLength) / Double(sourceLength)) / (targetProfile.lengthFactor / sourceProfile.lengthFactor)
        let longestRepeat = max(TextMeasures.longestConsecutiveRepeat(tokens),
                                TextMeasures.longestCharacterRepeat(trimmed))
        let uniqueness = TextMeasures.ngramUniqueness(tokens, n: 3, minimum: t.trigramMinimumCount)
        let ttr = TextMeasures.typeTokenRatio(tokens, minimumTokens: t.typeTokenMinimumTokens)
        let scriptShare = TextMeasures.scriptShare(trimmed, script: targetProfile.script)
        let sourceNumbers = TextMeasures.numbers(source)
        let outputNumbers = TextMeasures.numbers(trimmed)
        let metrics = QualityMetrics(sourceLength: sourceLength, outputLength: outputLength, similarity: similarity,
                                     lengthRatio: lengthRatio, longestRepeat: longestRepeat, trigramUniqueness: uniqueness,
                                     typeTokenRatio: ttr, scriptShare: scriptShare, sourceNumbers: sourceNumbers,
                                     outputNumbers: outputNumbers, logProb: logProb)

        guard outputLength > 0 else {
            return QualityDecision(reasons: [.empty], metrics: metrics)
        }
        var reasons: [RejectReason] = []
        if sourceLanguage != target, TextMeasures.comparable(source).count >= t.copyMinimumCharacters,
           similarity >= t.copySimilarity {
            reasons.append(.copy)
        }
        if let lengthRatio, !(t.lengthRatioMin...t.lengthRatioMax).contains(lengthRatio) { reasons.append(.lengthRatio) }
        if longestRepeat >= t.maxConsecutiveRepeats { reasons.append(.continuousRepetition) }
        if let uniqueness, uniqueness < t.trigramUniquenessMin { reasons.append(.repeatedNgrams) }
        if let ttr, ttr < t.typeTokenFloor(for: target) { reasons.append(.lowTypeTokenRatio) }
        if let scriptShare, scriptShare < t.scriptShareMin { reasons.append(.wrongScript) }
        if t.checkNumbers, sourceNumbers != outputNumbers { reasons.append(.numbersNotPreserved) }
        if let logProb, logProb < t.logProbMin { reasons.append(.lowLogProb) }
        return QualityDecision(reasons: reasons, metrics: metrics)
    }
}
