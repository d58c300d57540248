import Testing
@testable import Tensors

/// A finite-difference gradient check for every op, on shapes that exercise broadcasting and
/// non-square matrices (ggml's `test-backend-ops` MODE_GRAD, STYLE.md §6).
@Suite struct GradientCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let inputs: @Sendable () -> [Tensor]
        var differentiable: Set<Int>? = nil
        var atol: Float = 2e-3
        let f: @Sendable ([Tensor]) -> Tensor
        var testDescription: String { name }
    }

    /// Values at least 0.1 away from 0 (for kinks at 0).
    static func away(_ shape: [Int], seed: UInt64) -> Tensor {
        let x = randn(shape, seed: seed)
        return Tensor(shape: shape, values: x.scalars.map { $0 + ($0 < 0 ? -0.1 : 0.1) })
    }

    static let cases: [Case] = [
        Case(name: "matmul", inputs: { [randn([3, 4], seed: 1), randn([4, 5], seed: 2)] }) { matmul($0[0], $0[1]) },
        Case(name: "matmul transposeA", inputs: { [randn([4, 3], seed: 1), randn([4, 5], seed: 2)] }) { matmul($0[0], $0[1], transposeA: true) },
        Case(name: "matmul transposeB", inputs: { [randn([3, 4], seed: 1), randn([5, 4], seed: 2)] }) { matmul($0[0], $0[1], transposeB: true) },
        Case(name: "matmul transposeA+B", inputs: { [randn([4, 3], seed: 1), randn([5, 4], seed: 2)] }) { matmul($0[0], $0[1], transposeA: true, transposeB: true) },
        Case(name: "matmul batched", inputs: { [randn([2, 3, 4], seed: 1), randn([2, 4, 5], seed: 2)] }) { matmul($0[0], $0[1]) },
        Case(name: "matmul batched transposeB", inputs: { [randn([2, 3, 4], seed: 1), randn([2, 5, 4], seed: 2)] }) { matmul($0[0], $0[1], transposeB: true) },
        Case(name: "matmul batched × shared", inputs: { [randn([2, 3, 4], seed: 1), randn([4, 5], seed: 2)] }) { matmul($0[0], $0[1]) },
        Case(name: "matmul batchedᵀ × shared", inputs: { [randn([2, 4, 3], seed: 1), randn([4, 5], seed: 2)] }) { matmul($0[0], $0[1], transposeA: true) },
        Case(name: "matmul shared × batched", inputs: { [randn([3, 4], seed: 1), randn([2, 4, 5], seed: 2)] }) { matmul($0[0], $0[1]) },
        Case(name: "linear", inputs: { [randn([2, 3, 4], seed: 1), randn([5, 4], seed: 2), randn([5], seed: 3)] }) { linear($0[0], weight: $0[1], bias: $0[2]) },
        Case(name: "linear no bias", inputs: { [randn([3, 4], seed: 1), randn([5, 4], seed: 2)] }) { linear($0[0], weight: $0[1]) },
        Case(name: "add broadcast", inputs: { [randn([2, 3, 4], seed: 1), randn([3, 1], seed: 2)] }) { $0[0] + $0[1] },
        Case(name: "add broadcast both", inputs: { [randn([2, 1, 4], seed: 1), randn([3, 1], seed: 2)] }) { $0[0] + $0[1] },
        Case(name: "sub broadcast", inputs: { [randn([4], seed: 1), randn([2, 3, 4], seed: 2)] }) { $0[0] - $0[1] },
        Case(name: "mul broadcast", inputs: { [randn([2, 3, 4], seed: 1), randn([1, 3, 1], seed: 2)] }) { $0[0] * $0[1] },
        Case(name: "div broadcast", inputs: { [randn([2, 3, 4], seed: 1), uniform([4], seed: 2, 0.5, 2)] }) { $0[0] / $0[1] },
        Case(name: "scalar add/mul/sub/div", inputs: { [randn([3, 5], seed: 1)] }) { (2 - $0[0] * 3 + 1) / 4 },
        Case(name: "pow 2", inputs: { [randn([3, 5], seed: 1)] }) { pow($0[0], 2) },
        Case(name: "pow 3", inputs: { [randn([3, 5], seed: 1)] }) { pow($0[0], 3) },
        Case(name: "exp", inputs: { [randn([3, 5], seed: 1)] }) { exp($0[0]) },
        Case(name: "log", inputs: { [uniform([3, 5], seed: 1, 0.5, 3)] }) { log($0[0]) },
        Case(name: "sqrt", inputs: { [uniform([3, 5], seed: 1, 0.5, 3)] }) { sqrt($0[0]) },
        Case(name: "tanh", inputs: { [randn([3, 5], seed: 1)] }) { tanh($0[0]) },
        Case(name: "sigmoid", inputs: { [randn([3, 5], seed: 1)] }) { sigmoid($0[0]) },
        Case(name: "relu", inputs: { [away([3, 5], seed: 1)] }) { relu($0[0]) },
        Case(name: "gelu (erf)", inputs: { [randn([3, 11], seed: 1, scale: 2)] }) { gelu($0[0]) },
        Case(name: "gelu (tanh)", inputs: { [randn([3, 11], seed: 1, scale: 2)] }) { gelu($0[0], approximate: true) },
        Case(name: "clamp", inputs: { [Tensor(shape: [2, 3], values: [-2, -0.3, 0.1, 0.5, 0.9, 3])] }) { clamp($0[0], min: -1, max: 0.7) },
        Case(name: "softmax last axis", inputs: { [randn([3, 4, 7], seed: 1, scale: 2)] }) { softmax($0[0]) },
        Case(name: "softmax axis 1", inputs: { [randn([3, 4, 5], seed: 1, scale: 2)] }) { softmax($0[0], axis: 1) },
        Case(name: "logSoftmax", inputs: { [randn([3, 9], seed: 1, scale: 2)] }) { logSoftmax($0[0]) },
        Case(name: "logSoftmax axis 0", inputs: { [randn([3, 9], seed: 1, scale: 2)] }) { logSoftmax($0[0], axis: 0) },
        Case(name: "masked softmax", inputs: { [randn([2, 3, 6], seed: 1), Tensor(shape: [2, 1, 6], values: [1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0])] },
             differentiable: [0]) { softmax($0[0], mask: $0[1]) },
        Case(name: "layerNorm", inputs: { [randn([2, 3, 10], seed: 1, scale: 2, shift: 1), randn([10], seed: 2), randn([10], seed: 3)] }) { layerNorm($0[0], weight: $0[1], bias: $0[2]) },
        Case(name: "embedding", inputs: { [randn([6, 3], seed: 1)] }) { embedding([5, 0, 2, 2, 5], table: $0[0]) },
        Case(name: "dropout", inputs: { [randn([4, 9], seed: 1)] }) { x in
            var rng = TensorRNG(seed: 5)
            return dropout(x[0], p: 0.3, rng: &rng)
        },
        Case(name: "reshape", inputs: { [randn([2, 6], seed: 1)] }) { $0[0].reshaped([3, -1]) * $0[0].reshaped([3, 4]) },
        Case(name: "permute", inputs: { [randn([2, 3, 4], seed: 1)] }) { $0[0].permuted([1, 2, 0]) },
        Case(name: "transpose", inputs: { [randn([2, 3, 4], seed: 1)] }) { $0[0].transposed(0, 2) },
        Case(name: "concat", inputs: { [randn([2, 3, 4], seed: 1), randn([2, 1, 4], seed: 2)] }) { concat([$0[0], $0[1], $0[0]], axis: 1) },
        Case(name: "split", inputs: { [randn([2, 5], seed: 1)] }) { x in
            let p = x[0].split(axis: 1, sizes: [2, 3])
            return concat([p[1], p[0] * 2], axis: 1)
        },
        Case(name: "slice", inputs: { [randn([3, 5, 2], seed: 1)] }) { $0[0].slice(axis: 1, 1..<4) },
        Case(name: "roll", inputs: { [randn([2, 4, 5], seed: 1)] }) { $0[0].rolled(shifts: [-1, 2], axes: [1, 2]) },
        Case(name: "pad", inputs: { [randn([2, 3, 2], seed: 1)] }) { $0[0].padded(axis: 1, before: 2, after: 1, value: 3) },
        Case(name: "sum all", inputs: { [randn([2, 3, 4], seed: 1)] }) { sum($0[0]) },
        Case(name: "sum axes", inputs: { [randn([2, 3, 4], seed: 1)] }) { sum($0[0], axes: [0, 2]) },
        Case(name: "mean keepDims", inputs: { [randn([2, 3, 4], seed: 1)] }) { mean($0[0], axes: [-1], keepDims: true) },
        Case(name: "l2Normalize", inputs: { [randn([3, 5], seed: 1)] }) { l2Normalize($0[0]) },
        Case(name: "maskedFill", inputs: { [randn([2, 3, 4], seed: 1), Tensor(shape: [3, 1], values: [0, 1, 0])] },
             differentiable: [0]) { maskedFill($0[0], where: $0[1], with: -7) },
        Case(name: "gather", inputs: { [randn([2, 4, 3], seed: 1)] }) { gather($0[0], axis: 1, indices: [3, 0, 3, 1, 1]) },
        Case(name: "scatter", inputs: { [randn([2, 3, 3], seed: 1)] }) { scatter($0[0], axis: 1, indices: [2, 0, 2], size: 4) },
        Case(name: "crossEntropy soft targets", inputs: { [randn([4, 6], seed: 1, scale: 2), softmax(randn([4, 6], seed: 2))] }) {
            crossEntropy($0[0], targets: $0[1])
        },
        Case(name: "crossEntropy labels", inputs: { [randn([5, 3], seed: 1, scale: 2)] }) { crossEntropy($0[0], labels: [0, 2, 1, 1, 0]) },
        Case(name: "logit scale: exp(scalar)·matrix", inputs: { [Tensor(shape: [1], values: [0.5]), randn([3, 4], seed: 2)] }) {
            exp($0[0]) * $0[1]
        },
        Case(name: "clip loss pieces", inputs: { [randn([4, 5], seed: 1), randn([4, 5], seed: 2), Tensor(shape: [1], values: [1.2])] }) { x in
            let v = l2Normalize(x[0]), t = l2Normalize(x[1])
            let logits = exp(x[2]) * matmul(v, t, transposeB: true)
            return (crossEntropy(logits, labels: [0, 1, 2, 3]) + crossEntropy(logits.transposed(), labels: [0, 1, 2, 3])) * 0.5
        },
    ]

    @Test(arguments: cases)
    func finiteDifferences(_ c: Case) {
        checkGradients(c.name, c.inputs(), atol: c.atol, differentiable: c.differentiable, c.f)
    }
}
