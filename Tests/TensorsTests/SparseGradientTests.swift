import Testing
@testable import Tensors

/// Row-sparse gradients (``Parameter/sparseGradient``): the same gradient as the dense path, only
/// the touched rows recorded, the buffer reused, clipping unchanged, AdamW's lazy row update.
@Suite struct SparseGradientTests {
    static func table(_ sparse: Bool, rows: Int = 50, dim: Int = 8, seed: UInt64 = 3) -> Parameter {
        var rng = TensorRNG(seed: seed)
        let p = Parameter("embeddings.word_embeddings.weight", Tensor.randn([rows, dim], std: 0.5, rng: &rng))
        p.sparseGradient = sparse
        return p
    }

    /// A loss through lookups (repeated ids) and, when `tied`, a decoder that reads the whole table.
    static func loss(_ p: Parameter, ids: [Int32], tied: Bool) -> Tape {
        let tape = Tape()
        let w = tape.watch(p)
        let x = embedding(ids, table: w, shape: [2, ids.count / 2])
        var total = sum(x * x) + sum(x) * 0.5
        if tied { total = total + sum(matmul(x.reshaped([ids.count, 8]), w, transposeB: true)) * 0.1 }
        tape.backward(total)
        return tape
    }

    @Test func lookupsGiveTheDenseGradientInTheTouchedRowsOnly() {
        let ids: [Int32] = [4, 9, 4, 17, 0, 9]
        let dense = Self.table(false), sparse = Self.table(true)
        _ = Self.loss(dense, ids: ids, tied: false)
        _ = Self.loss(sparse, ids: ids, tied: false)
        #expect(dense.gradRows == nil)
        #expect(sparse.gradRows == [0, 4, 9, 17])
        #expect(sparse.grad!.scalars == dense.grad!.scalars)
        // A second backward before zeroGrad accumulates, rows merged.
        _ = Self.loss(dense, ids: [1, 4], tied: false)
        _ = Self.loss(sparse, ids: [1, 4], tied: false)
        #expect(sparse.gradRows == [0, 1, 4, 9, 17])
        #expect(sparse.grad!.scalars == dense.grad!.scalars)
    }

    @Test func aTiedUseMakesTheStepDenseAndZeroGradReusesTheBuffer() {
        let ids: [Int32] = [3, 3, 7, 8]
        let dense = Self.table(false), sparse = Self.table(true)
        _ = Self.loss(dense, ids: ids, tied: true)
        _ = Self.loss(sparse, ids: ids, tied: true)
        #expect(sparse.gradRows == nil)
        let difference = zip(sparse.grad!.scalars, dense.grad!.scalars).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-5)

        sparse.zeroGrad()
        #expect(sparse.grad == nil)
        _ = Self.loss(sparse, ids: [5, 6], tied: false)
        #expect(sparse.gradRows == [5, 6])
        let nonZeroRows = (0..<50).filter { r in (0..<8).contains { sparse.grad!.scalars[r * 8 + $0] != 0 } }
        #expect(nonZeroRows == [5, 6])
        let buffer = sparse.grad!
        sparse.zeroGrad()
        #expect(buffer.scalars.allSatisfy { $0 == 0 }, "zeroGrad clears the touched rows of the kept buffer")
    }

    @Test func clippingIsTheSameAndAdamWMovesOnlyTheTouchedRows() {
        let ids: [Int32] = [2, 11, 11, 40]
        let dense = Self.table(false), sparse = Self.table(true)
        _ = Self.loss(dense, ids: ids, tied: false)
        _ = Self.loss(sparse, ids: ids, tied: false)
        let denseNorm = clipGradientNorm([dense], maxNorm: 0.5), sparseNorm = clipGradientNorm([sparse], maxNorm: 0.5)
        #expect(abs(denseNorm - sparseNorm) <= 1e-5 * denseNorm && denseNorm > 0.5)
        #expect(zip(sparse.grad!.scalars, dense.grad!.scalars).allSatisfy { abs($0 - $1) <= 1e-6 })

        let before = sparse.value.scalars
        let denseOptimizer = AdamW([dense], learningRate: 0.01, weightDecay: 0.1)
        let sparseOptimizer = AdamW([sparse], learningRate: 0.01, weightDecay: 0.1)
        denseOptimizer.step()
        sparseOptimizer.step()
        let after = sparse.value.scalars
        for r in 0..<50 {
            let row = (r * 8)..<(r * 8 + 8)
            if [2, 11, 40].contains(r) {
                // Touched rows: exactly AdamW's update.
                #expect(zip(after[row], dense.value.scalars[row]).allSatisfy { abs($0 - $1) <= 1e-6 }, "row \(r)")
                #expect(after[row] != before[row])
            } else {
                // Untouched rows: no decay, no update (the lazy rule); dense AdamW decays them.
                #expect(Array(after[row]) == Array(before[row]), "row \(r)")
            }
        }
    }
}
