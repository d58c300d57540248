/// Cohen's kappa with quadratic weights (Cohen 1968): agreement between two raters on an ordinal
/// scale, where a disagreement of d categories costs d². 1 is perfect agreement, 0 what chance
/// gives, below 0 worse than chance.
public enum WeightedKappa {
    /// nil with no pairs, or when chance alone would never disagree (both raters constant and equal).
    public static func quadratic(_ a: [Int], _ b: [Int], categories: ClosedRange<Int> = 1...5) -> Double? {
        precondition(a.count == b.count, "kappa needs pairs")
        guard !a.isEmpty else { return nil }
        let k = categories.count
        var observed = [Double](repeating: 0, count: k * k)
        var rowTotals = [Double](repeating: 0, count: k), columnTotals = [Double](repeating: 0, count: k)
        for (x, y) in zip(a, b) {
            let i = min(max(x, categories.lowerBound), categories.upperBound) - categories.lowerBound
            let j = min(max(y, categories.lowerBound), categories.upperBound) - categories.lowerBound
            observed[i * k + j] += 1
            rowTotals[i] += 1
            columnTotals[j] += 1
        }
        let n = Double(a.count)
        let scale = Double((k - 1) * (k - 1))
        var observedDisagreement = 0.0, expectedDisagreement = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let weight = Double((i - j) * (i - j)) / scale
                observedDisagreement += weight * observed[i * k + j] / n
                expectedDisagreement += weight * rowTotals[i] * columnTotals[j] / (n * n)
            }
        }
        guard expectedDisagreement > 0 else { return nil }
        return 1 - observedDisagreement / expectedDisagreement
    }
}
