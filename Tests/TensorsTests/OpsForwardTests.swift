import Testing
@testable import Tensors

/// Forward values of every op against numpy (Fixtures/ops.json, made by
/// Workers/tensors-reference/make_fixtures.py in float64).
@Suite struct OpsForwardTests {
    static let ops: [String: @Sendable ([Tensor]) -> Tensor] = [
        "matmul": { matmul($0[0], $0[1]) },
        "matmul_transposeA": { matmul($0[0], $0[1], transposeA: true) },
        "matmul_transposeB": { matmul($0[0], $0[1], transposeB: true) },
        "matmul_batched": { matmul($0[0], $0[1]) },
        "matmul_shared": { matmul($0[0], $0[1]) },
        "linear": { linear($0[0], weight: $0[1], bias: $0[2]) },
        "add": { $0[0] + $0[1] },
        "sub": { $0[0] - $0[1] },
        "mul": { $0[0] * $0[1] },
        "div": { $0[0] / $0[1] },
        "exp": { exp($0[0]) },
        "log": { log($0[0]) },
        "sqrt": { sqrt($0[0]) },
        "pow3": { pow($0[0], 3) },
        "tanh": { tanh($0[0]) },
        "sigmoid": { sigmoid($0[0]) },
        "relu": { relu($0[0]) },
        "gelu": { gelu($0[0]) },
        "gelu_tanh": { gelu($0[0], approximate: true) },
        "clamp": { clamp($0[0], min: -0.5, max: 0.7) },
        "softmax": { softmax($0[0]) },
        "softmax_axis1": { softmax($0[0], axis: 1) },
        "log_softmax": { logSoftmax($0[0]) },
        "masked_softmax": { softmax($0[0], mask: $0[1]) },
        "layer_norm": { layerNorm($0[0], weight: $0[1], bias: $0[2]) },
        "permute": { $0[0].permuted([2, 0, 1]) },
        "concat": { concat([$0[0], $0[1]], axis: 1) },
        "slice": { $0[0].slice(axis: 1, 1..<3) },
        "roll": { $0[0].rolled(shifts: [1, -3], axes: [1, 2]) },
        "pad": { $0[0].padded(axis: 1, before: 1, after: 2, value: 0.5) },
        "sum": { sum($0[0], axes: [0, 2]) },
        "mean": { mean($0[0], axes: [1], keepDims: true) },
        "l2_normalize": { l2Normalize($0[0]) },
        "masked_fill": { maskedFill($0[0], where: $0[1], with: -2.5) },
        "gather": { gather($0[0], axis: 1, indices: [2, 0, 2, 1]) },
        "scatter": { scatter($0[0], axis: 1, indices: [4, 0, 4], size: 5) },
        "embedding": { embedding([5, 0, 2, 2], table: $0[0], shape: [2, 2]) },
        "cross_entropy": { crossEntropy($0[0], targets: $0[1]) },
    ]

    @Test func everyFixtureHasAnOp() {
        #expect(Set(opCases.keys) == Set(Self.ops.keys))
    }

    @Test(arguments: opCases.keys.sorted())
    func matchesNumpy(_ name: String) throws {
        let c = try #require(opCases[name])
        let f = try #require(Self.ops[name], "no Swift op for fixture \(name)")
        let inputs = c.inputs.map(\.tensor)
        let expected = c.output.tensor
        // Vectorised exp/erf/tanh are accurate to a few ulp; GELU's erf to ~1e-7 absolute.
        expectClose(f(inputs), expected, atol: 2e-6, rtol: 2e-5, name)
    }

    @Test func handComputedCases() {
        let a = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        #expect(matmul(a, a).scalars == [7, 10, 15, 22])
        #expect((a + Tensor(shape: [2], values: [10, 20])).scalars == [11, 22, 13, 24])
        #expect(sum(a).item == 10)
        #expect(softmax(Tensor(shape: [2], values: [0, 0])).scalars == [0.5, 0.5])
        #expect(exp(Tensor(shape: [1], values: [0])).scalars == [1])
        #expect(a.reshaped([4]).scalars == [1, 2, 3, 4])
        #expect(a.transposed().scalars == [1, 3, 2, 4])
        #expect(clamp(Tensor(shape: [3], values: [-5, 0.5, 5]), min: 0, max: 1).scalars == [0, 0.5, 1])
        // Softmax is stable for huge logits.
        let big = softmax(Tensor(shape: [3], values: [1000, 1000, -1000]))
        #expect(abs(big.scalars[0] - 0.5) < 1e-6 && big.scalars[2] == 0)
    }

    @Test func dropoutIsSeededAndScaled() {
        let x = Tensor.ones([10_000])
        var r1 = TensorRNG(seed: 8), r2 = TensorRNG(seed: 8)
        let a = dropout(x, p: 0.25, rng: &r1), b = dropout(x, p: 0.25, rng: &r2)
        #expect(a.scalars == b.scalars)
        #expect(Set(a.scalars) == [0, Float(1) / 0.75])
        let dropped = a.scalars.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 10_000 - 0.25) < 0.02)
        #expect(dropout(x, p: 0, rng: &r1).scalars == x.scalars)
    }

    @Test func rngStateRoundTrip() {
        var a = TensorRNG(seed: 1)
        _ = a.next()
        var b = TensorRNG(state: a.state)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
    }

    @Test func crossEntropyWithLabelsEqualsOneHot() {
        let logits = randn([3, 4], seed: 3)
        let oneHot = Tensor(shape: [3, 4], values: [0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0])
        #expect(crossEntropy(logits, labels: [1, 3, 0]).item == crossEntropy(logits, targets: oneHot).item)
    }

    @Test func splitUndoesConcat() {
        let x = randn([2, 7, 3], seed: 1)
        let parts = x.split(axis: 1, sizes: [2, 4, 1])
        #expect(parts.map(\.shape) == [[2, 2, 3], [2, 4, 3], [2, 1, 3]])
        #expect(concat(parts, axis: 1).scalars == x.scalars)
    }

    @Test func vectorisedMathOverWideRange() {
        // Compare against glibc on a dense grid, including the clamped tails.
        let xs = stride(from: Float(-30), through: 30, by: 0.01).map { $0 }
        let x = Tensor(shape: [xs.count], values: xs)
        let e = exp(x).scalars, t = tanh(x).scalars, s = sigmoid(x).scalars
        for (i, v) in xs.enumerated() {
            let ref = Foundation.exp(Double(v))
            #expect(abs(Double(e[i]) - ref) <= 3e-7 * ref, "exp(\(v))")
            #expect(abs(Double(t[i]) - Foundation.tanh(Double(v))) <= 4e-7, "tanh(\(v))")
            #expect(abs(Double(s[i]) - 1 / (1 + Foundation.exp(-Double(v)))) <= 2e-7, "sigmoid(\(v))")
        }
    }
}

import Foundation

@Suite struct EdgeCaseTests {
    @Test func emptyAxes() {
        let x = Tensor.zeros([2, 0, 3])
        #expect(sum(x, axes: [1]).scalars == [0, 0, 0, 0, 0, 0])
        #expect(concat([x, Tensor.ones([2, 1, 3])], axis: 1).shape == [2, 1, 3])
    }

    @Test func largeReductionsMatchDoubleSums() {
        // Column sums over many rows (the bias-gradient shape) and row sums, against Double.
        let x = randn([300, 70], seed: 4)
        let cols = sum(x, axes: [0]).scalars, rows = sum(x, axes: [1]).scalars
        let v = x.scalars
        for c in 0..<70 {
            let ref = (0..<300).reduce(0.0) { $0 + Double(v[$1 * 70 + c]) }
            #expect(abs(Double(cols[c]) - ref) < 1e-4)
        }
        for r in 0..<300 {
            let ref = (0..<70).reduce(0.0) { $0 + Double(v[r * 70 + $1]) }
            #expect(abs(Double(rows[r]) - ref) < 1e-4)
        }
    }
}
