import Testing
@testable import Training

@Suite struct LinearProbeTests {
    /// Deterministic uniform noise in [−1, 1) (a 64-bit LCG), so every case is reproducible.
    struct Noise {
        var state: UInt64
        mutating func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
    }

    /// Three classes around well-separated centres, offset by a large shared vector (as collapsed
    /// embeddings are): standardisation removes the offset and the probe separates them.
    @Test func separatesClustersUnderASharedOffset() throws {
        var noise = Noise(state: 7)
        let centres: [[Float]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]
        var features: [[Float]] = [], classes: [Int] = []
        for item in 0..<60 {
            let c = item % 3
            features.append(centres[c].map { 10 + 0.05 * $0 + 0.01 * noise.next() })
            classes.append(c)
        }
        let accuracy = try #require(LinearProbe().crossValidatedAccuracy(features: ZeroShotEvaluatorTests.matrix(features), classes: classes,
                                                                         classCount: 3))
        #expect(accuracy >= 0.95)
    }

    /// Features that say nothing about the class: held-out accuracy stays near chance (0.5).
    @Test func uninformativeFeaturesScoreNearChance() throws {
        var noise = Noise(state: 11)
        let features = ZeroShotEvaluatorTests.matrix((0..<80).map { _ in (0..<6).map { _ in noise.next() } })
        let classes = (0..<80).map { $0 % 2 }
        let accuracy = try #require(LinearProbe().crossValidatedAccuracy(features: features, classes: classes, classCount: 2))
        #expect(accuracy < 0.7)
    }

    @Test func needsEnoughItemsPerClassAndTwoClasses() {
        let probe = LinearProbe(folds: 5)
        let features = ZeroShotEvaluatorTests.matrix((0..<9).map { [Float($0)] })
        // Class 1 has 4 items, fewer than the 5 folds.
        #expect(probe.crossValidatedAccuracy(features: features, classes: [0, 0, 0, 0, 0, 1, 1, 1, 1], classCount: 2) == nil)
        // One class only (class 1 of 2 has no items).
        #expect(probe.crossValidatedAccuracy(features: features, classes: Array(repeating: 0, count: 9), classCount: 2) == nil)
    }

    @Test func meanPairwiseCosineOfNormalisedRows() {
        let same = ZeroShotEvaluatorTests.matrix([[1, 0], [1, 0], [1, 0]])
        let orthogonal = ZeroShotEvaluatorTests.matrix([[1, 0], [0, 1]])
        let opposite = ZeroShotEvaluatorTests.matrix([[0.6, 0.8], [-0.6, -0.8]])
        #expect(ZeroShotEvaluator.meanPairwiseCosine(same).map { abs($0 - 1) < 1e-9 } == true)
        #expect(ZeroShotEvaluator.meanPairwiseCosine(orthogonal).map { abs($0) < 1e-9 } == true)
        #expect(ZeroShotEvaluator.meanPairwiseCosine(opposite).map { abs($0 + 1) < 1e-6 } == true)
        #expect(ZeroShotEvaluator.meanPairwiseCosine(ZeroShotEvaluatorTests.matrix([[1, 0]])) == nil)
    }
}
