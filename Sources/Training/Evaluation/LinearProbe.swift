public import Tensors

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
/// training rows, so the solve costs the number of rows cubed, not the embedding width), and
/// predicts the class with the highest x·XᵀA + Ȳ. λ is ``ridge`` times the mean of K's diagonal,
/// so it does not depend on the embedding width. No step size, no iterations: the result is exact
/// and deterministic. Fold `f` holds the items whose rank within their own class is `f` modulo
/// ``folds``.
public struct LinearProbe: Sendable {
    /// The folds ``ZeroShotEvaluator`` scores with.
    public static let defaultFolds = 5

    public var folds: Int
    /// The penalty, relative to the mean squared norm of a standardised row.
    public var ridge: Double

    public init(folds: Int = LinearProbe.defaultFolds, ridge: Double = 0.1) {
        precondition(folds >= 2 && ridge > 0, "LinearProbe: folds ≥ 2 and a positive ridge")
        self.folds = folds
        self.ridge = ridge
    }

    /// The share of items classified correctly by a probe that did not see them, over all folds;
    /// nil when some class present has fewer items than there are folds (nothing to hold out
    /// fairly), or fewer than two classes are present.
    /// - Parameters:
    ///   - features: `[n, d]`, one row per item.
    ///   - classes: each row's class index in `0..<classCount`.
    public func crossValidatedAccuracy(features: Tensor, classes: [Int], classCount: Int) -> Double? {
        precondition(features.rank == 2 && features.shape[0] == classes.count,
                     "LinearProbe: features \(features.shape) for \(classes.count) classes")
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
            let trainRows = gather(features, axis: 0, indices: train)
            let center = mean(trainRows, axes: [0], keepDims: true)
            let variance = mean(pow(trainRows - center, 2), axes: [0], keepDims: true)
            // Features that do not vary over the training rows are only centred.
            let spread = Tensor(shape: variance.shape, values: variance.scalars.map { $0 > 1e-12 ? $0.squareRoot() : 1 })
            let a = (trainRows - center) / spread, b = (gather(features, axis: 0, indices: test) - center) / spread
            let (dual, prior) = fit(kernel: matmul(a, a, transposeB: true), classes: train.map { classes[$0] }, classCount: classCount)
            let scores = (matmul(matmul(b, a, transposeB: true), dual) + prior).scalars
            for (position, row) in test.enumerated() {
                let rowScores = scores[(position * classCount)..<((position + 1) * classCount)]
                // The highest score; the lowest class on a tie.
                let predicted = rowScores.indices.min { rowScores[$0] > rowScores[$1] }! - position * classCount
                if predicted == classes[row] { correct += 1 }
            }
        }
        return Double(correct) / Double(classes.count)
    }

    /// The dual coefficients `[n, classCount]` and the class shares `[1, classCount]` (the
    /// intercepts) of the ridge fit whose kernel over the `n` standardised training rows is `kernel`.
    func fit(kernel: Tensor, classes: [Int], classCount: Int) -> (dual: Tensor, prior: Tensor) {
        let n = classes.count
        var prior = [Double](repeating: 0, count: classCount)
        for c in classes { prior[c] += 1 / Double(n) }
        var k = kernel.scalars.map(Double.init)
        let lambda = ridge * max((0..<n).reduce(0) { $0 + k[$1 * n + $1] } / Double(n), 1e-12)
        for i in 0..<n { k[i * n + i] += lambda }
        var targets = [Double](repeating: 0, count: n * classCount)
        for (i, truth) in classes.enumerated() {
            for c in 0..<classCount { targets[i * classCount + c] = (c == truth ? 1 : 0) - prior[c] }
        }
        let dual = Self.solve(k, targets, n: n, columns: classCount)
        return (Tensor(shape: [n, classCount], values: dual.map(Float.init)),
                Tensor(shape: [1, classCount], values: prior.map(Float.init)))
    }

    /// Solves the symmetric positive-definite system K·A = B (`n × n`, `n × columns`, row-major) by
    /// Cholesky factorisation, in double precision.
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
}
