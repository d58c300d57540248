import Foundation
import Testing
@testable import Tensors

/// Loads a fixture written by Workers/tensors-reference/make_fixtures.py.
func fixtureURL(_ name: String) -> URL {
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!
}

struct FixtureTensor: Decodable {
    let shape: [Int]
    let data: [Double]
    var tensor: Tensor { Tensor(shape: shape, values: data.map { Float($0) }) }
}

struct OpCase: Decodable {
    let inputs: [FixtureTensor]
    let output: FixtureTensor
}

let opCases: [String: OpCase] = {
    struct File: Decodable { let cases: [String: OpCase] }
    let data = try! Data(contentsOf: fixtureURL("ops.json"))
    return try! JSONDecoder().decode(File.self, from: data).cases
}()

/// Expects equal shapes and |a − b| ≤ atol + rtol·|b| element-wise.
func expectClose(_ a: Tensor, _ b: Tensor, atol: Float = 1e-5, rtol: Float = 1e-4, _ what: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, "\(what): shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
    guard a.shape == b.shape else { return }
    var worst: (Int, Float, Float)? = nil
    var worstExcess: Float = 0
    let xs = a.scalars, ys = b.scalars
    for i in 0..<a.count {
        let x = xs[i], y = ys[i]
        let excess = abs(x - y) - (atol + rtol * abs(y))
        if !(excess <= 0), worst == nil || excess > worstExcess || excess.isNaN {
            worst = (i, x, y)
            worstExcess = excess
        }
    }
    if let (i, x, y) = worst {
        Issue.record("\(what): element \(i): got \(x), expected \(y)", sourceLocation: sourceLocation)
    }
}

/// Finite-difference check of every gradient of `f` at `inputs`.
///
/// The scalar probe is L = Σ f(inputs) ⊙ W for a fixed random W (so every output element
/// matters with a different weight). Analytic gradients come from a ``Tape``; numeric ones from
/// central differences in double precision over the float32 forward.
func checkGradients(_ name: String, _ inputs: [Tensor], h: Float = 1e-2, atol: Float = 2e-3, rtol: Float = 2e-2,
                    differentiable: Set<Int>? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Tensor]) -> Tensor) {
    var rng = TensorRNG(seed: 99)
    let probeShape = f(inputs).shape
    let w = Tensor.randn(probeShape, rng: &rng)
    func probe(_ xs: [Tensor]) -> Double {
        let y = f(xs).scalars, ws = w.scalars
        var s = 0.0
        for i in 0..<y.count { s += Double(y[i]) * Double(ws[i]) }
        return s
    }
    let which = differentiable ?? Set(inputs.indices)
    let params = inputs.enumerated().map { Parameter("in\($0.offset)", $0.element) }
    let tape = Tape()
    let tracked = inputs.indices.map { which.contains($0) ? tape.watch(params[$0]) : inputs[$0] }
    let y = f(tracked)
    #expect(y.requiresGrad, "\(name): output not tracked", sourceLocation: sourceLocation)
    tape.backward(sum(y * w))
    for k in which.sorted() {
        guard let analytic = params[k].grad else {
            Issue.record("\(name): no gradient for input \(k)", sourceLocation: sourceLocation)
            continue
        }
        var numeric = [Float](repeating: 0, count: inputs[k].count)
        for i in 0..<inputs[k].count {
            var plus = inputs, minus = inputs
            plus[k].withUnsafeMutableBufferPointer { $0[i] += h }
            minus[k].withUnsafeMutableBufferPointer { $0[i] -= h }
            numeric[i] = Float((probe(plus) - probe(minus)) / Double(2 * h))
        }
        expectClose(analytic, Tensor(shape: inputs[k].shape, values: numeric), atol: atol, rtol: rtol,
                    "\(name) ∂/∂input\(k)", sourceLocation: sourceLocation)
    }
}

func randn(_ shape: [Int], seed: UInt64, scale: Float = 1, shift: Float = 0) -> Tensor {
    var rng = TensorRNG(seed: seed)
    return Tensor.randn(shape, mean: shift, std: scale, rng: &rng)
}

func uniform(_ shape: [Int], seed: UInt64, _ lo: Float, _ hi: Float) -> Tensor {
    var rng = TensorRNG(seed: seed)
    return Tensor.uniform(shape, low: lo, high: hi, rng: &rng)
}

/// Serialises tests that change or depend on the process-wide ``TensorThreads/count`` (tests run
/// in parallel; OpenBLAS may round differently with another thread count).
let threadSettingsLock = NSLock()

func withThreadSettings<R>(_ count: Int? = nil, _ body: () throws -> R) rethrows -> R {
    threadSettingsLock.lock()
    defer { threadSettingsLock.unlock() }
    let saved = TensorThreads.count
    defer { TensorThreads.count = saved }
    if let count { TensorThreads.count = count }
    return try body()
}
