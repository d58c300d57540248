/// CLIP's linear-probe evaluation, on the zero-shot set itself: a linear classifier on frozen image
/// embeddings, scored by stratified k-fold cross-validation.
///
/// It measures how much of the class information the image tower already carries, whatever the
/// text tower makes of it: a model whose probe accuracy is high but whose zero-shot accuracy is low
/// sees the findings and fails to align them with their words (the text side or the alignment is
/// what needs work); a low probe accuracy puts the blame on the image tower.
///
/// The classifier is ridge regression onto one-hot class targets (scikit-learn's
/// `RidgeClassifier`), solved exactly: each fold standardises the features with its training
/// part's mean and standard deviation, solves (K + λI)A = Y − Ȳ in the dual (K = XXᵀ over the
/// training rows, so the cost is the number of rows cubed, not the embedding width), and predicts
/// the class with the highest x·XᵀA + Ȳ. λ is ``ridge`` times the mean of K's diagonal, so it does
/// not depend on the embedding width. No step size, no iterations: the result is exact and
/// deterministic. Fold `f` holds the items whose rank within their own class is `f` modulo ``folds``.
public struct LinearProbe: Sendable {
    public var folds: Int
    /// The penalty, relative to the mean squared norm of a standardised row.
    public var ridge: Double

    public init(folds: Int = 5, ridge: Double = 0.1) {
        precondition(folds >= 2 && ridge > 0, "LinearProbe: folds ≥ 2 and a positive ridge")
        self.folds = folds
        self.ridge = ridge
    }

    /// The share of items classified correctly by a probe that did not see them, over all folds;
    /// nil when some class present has fewer items than there are folds (nothing to hold out
    /// fairly), or fewer than two classes are present.
    /// - Parameters:
    ///   - features: `n` rows of equal length.
    ///   - classes: each row's class index in `0..<classCount`.
    public func crossValidatedAccuracy(features: [[Float]], classes: [Int], classCount: Int) -> Double? {
        precondition(features.count == classes.count, "LinearProbe: \(features.count) rows for \(classes.count) classes")
        var perClass = [Int](repeating: 0, count: classCount)
        var fold = [Int](repeating: 0, count: classes.count)
        for (row, c) in classes.enumerated() {
            precondition((0..<classCount).contains(c), "LinearProbe: class \(c) outside 0..<\(classCount)")
            fold[row] = perClass[c] % folds
            perClass[c] += 1
        }
        let present = perClass.filter { $0 > 0 }
        guard present.count >= 2, present.allSatisfy({ $0 >= folds }) else { return nil }
        var correct = 0
        for f in 0..<folds {
            let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
            let (mean, inverseStd) = Self.standardisation(features, rows: train)
            let standardise = { (row: Int) in zip(features[row], zip(mean, inverseStd)).map { Double(($0 - $1.0) * $1.1) } }
            let fitted = fit(train.map(standardise), classes: train.map { classes[$0] }, classCount: classCount)
            for row in test where fitted.predict(standardise(row)) == classes[row] { correct += 1 }
        }
        return Double(correct) / Double(classes.count)
    }

    /// The dual ridge solution on standardised training rows.
    func fit(_ rows: [[Double]], classes: [Int], classCount: Int) -> Fitted {
        let n = rows.count
        var prior = [Double](repeating: 0, count: classCount)
        for c in classes { prior[c] += 1 / Double(n) }
        var kernel = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let dot = zip(rows[i], rows[j]).reduce(0) { $0 + $1.0 * $1.1 }
                kernel[i * n + j] = dot
                kernel[j * n + i] = dot
            }
        }
        let lambda = ridge * max((0..<n).reduce(0) { $0 + kernel[$1 * n + $1] } / Double(n), 1e-12)
        for i in 0..<n { kernel[i * n + i] += lambda }
        var targets = [Double](repeating: 0, count: n * classCount)
        for (i, truth) in classes.enumerated() {
            for c in 0..<classCount { targets[i * classCount + c] = (c == truth ? 1 : 0) - prior[c] }
        }
        let dual = Self.solve(kernel, targets, n: n, columns: classCount)
        return Fitted(rows: rows, dual: dual, prior: prior)
    }

    /// Solves the symmetric positive-definite system K·A = B (`n × n`, `n × columns`, row-major) by
    /// Cholesky factorisation.
    static func solve(_ k: [Double], _ b: [Double], n: Int, columns: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = k[i * n + j]
                for p in 0..<j { sum -= l[i * n + p] * l[j * n + p] }
                l[i * n + j] = i == j ? sum.squareRoot() : sum / l[j * n + j]
            }
        }
        var x = b
        for c in 0..<columns {
            for i in 0..<n { // L·y = b
                var sum = x[i * columns + c]
                for p in 0..<i { sum -= l[i * n + p] * x[p * columns + c] }
                x[i * columns + c] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) { // Lᵀ·a = y
                var sum = x[i * columns + c]
                for p in (i + 1)..<n { sum -= l[p * n + i] * x[p * columns + c] }
                x[i * columns + c] = sum / l[i * n + i]
            }
        }
        return x
    }

    /// The per-feature mean and inverse standard deviation over `rows` (features that do not vary
    /// are only centred).
    static func standardisation(_ features: [[Float]], rows: [Int]) -> (mean: [Float], inverseStd: [Float]) {
        let d = features.first?.count ?? 0
        var mean = [Double](repeating: 0, count: d), square = [Double](repeating: 0, count: d)
        for row in rows {
            for k in 0..<d {
                let value = Double(features[row][k])
                mean[k] += value
                square[k] += value * value
            }
        }
        let n = Double(rows.count)
        var inverseStd = [Float](repeating: 1, count: d)
        for k in 0..<d {
            mean[k] /= n
            let variance = max(0, square[k] / n - mean[k] * mean[k])
            if variance > 1e-12 { inverseStd[k] = Float(1 / variance.squareRoot()) }
        }
        return (mean.map(Float.init), inverseStd)
    }

    /// A fitted probe: the training rows and their dual coefficients.
    struct Fitted {
        let rows: [[Double]]
        /// `rows.count × classes`, row-major.
        let dual: [Double]
        /// The training share of each class (the intercepts).
        let prior: [Double]

        /// The class with the highest score (the lowest index on a tie).
        func predict(_ x: [Double]) -> Int {
            var scores = prior
            let columns = prior.count
            for (i, row) in rows.enumerated() {
                let dot = zip(x, row).reduce(0) { $0 + $1.0 * $1.1 }
                for c in 0..<columns { scores[c] += dot * dual[i * columns + c] }
            }
            var best = 0
            for c in 1..<columns where scores[c] > scores[best] { best = c }
            return best
        }
    }
}
