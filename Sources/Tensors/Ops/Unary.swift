/// Element-wise unary ops and their derivatives, as lane-wise structs (see ``Lanewise1``).
enum UnaryKernels {
    struct Exp: Lanewise1 { @inline(__always) func callAsFunction(_ x: V8) -> V8 { VectorMath.exp(x) } }
    struct Tanh: Lanewise1 { @inline(__always) func callAsFunction(_ x: V8) -> V8 { VectorMath.tanh(x) } }
    struct Sigmoid: Lanewise1 { @inline(__always) func callAsFunction(_ x: V8) -> V8 { VectorMath.sigmoid(x) } }
    struct Relu: Lanewise1 { @inline(__always) func callAsFunction(_ x: V8) -> V8 { x.replacing(with: 0, where: x .< 0) } }
    struct Sqrt: Lanewise1 { @inline(__always) func callAsFunction(_ x: V8) -> V8 { x.squareRoot() } }
    struct Gelu: Lanewise1 {
        @inline(__always) func callAsFunction(_ x: V8) -> V8 {
            let h: V8 = 0.5 * x
            return VectorMath.fma(h, VectorMath.erf(x * 0.707_106_78), h)
        }
    }
    struct GeluTanh: Lanewise1 {
        @inline(__always) func callAsFunction(_ x: V8) -> V8 {
            let x3: V8 = x * x * x
            let inner: V8 = VectorMath.fma(x3, V8(repeating: 0.044_715), x)
            let h: V8 = 0.5 * x
            return VectorMath.fma(h, VectorMath.tanh(0.797_884_56 * inner), h)
        }
    }

    // Backward: (g, saved) → dx, where saved is the input or the output (see backwardNeedsInput).
    struct ExpBack: Lanewise2 { @inline(__always) func callAsFunction(_ g: V8, _ y: V8) -> V8 { g * y } }
    struct LogBack: Lanewise2 { @inline(__always) func callAsFunction(_ g: V8, _ x: V8) -> V8 { g / x } }
    struct TanhBack: Lanewise2 { @inline(__always) func callAsFunction(_ g: V8, _ y: V8) -> V8 { g * (1 - y * y) } }
    struct SigmoidBack: Lanewise2 { @inline(__always) func callAsFunction(_ g: V8, _ y: V8) -> V8 { g * y * (1 - y) } }
    struct ReluBack: Lanewise2 { @inline(__always) func callAsFunction(_ g: V8, _ x: V8) -> V8 { g.replacing(with: 0, where: x .<= 0) } }
    struct SqrtBack: Lanewise2 { @inline(__always) func callAsFunction(_ g: V8, _ y: V8) -> V8 { g * 0.5 / y } }
    struct GeluBack: Lanewise2 {
        @_transparent func callAsFunction(_ g: V8, _ x: V8) -> V8 {
            let cdf: V8 = VectorMath.fma(V8(repeating: 0.5), VectorMath.erf(x * 0.707_106_78), V8(repeating: 0.5))
            let pdf: V8 = VectorMath.exp(-0.5 * x * x) * 0.398_942_28
            return g * VectorMath.fma(x, pdf, cdf)
        }
    }
    struct GeluTanhBack: Lanewise2 {
        @_transparent func callAsFunction(_ g: V8, _ x: V8) -> V8 {
            let x2: V8 = x * x
            let inner: V8 = VectorMath.fma(x2 * x, V8(repeating: 0.044_715), x)
            let t: V8 = VectorMath.tanh(0.797_884_56 * inner)
            let du: V8 = VectorMath.fma(x2, V8(repeating: 0.797_884_56 * 0.134_145), V8(repeating: 0.797_884_56))
            let left: V8 = VectorMath.fma(V8(repeating: 0.5), t, V8(repeating: 0.5))
            let right: V8 = 0.5 * x * (1 - t * t) * du
            return g * (left + right)
        }
    }
}

extension UnaryFunction {
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        switch self {
        case .exp: map1(x, y, n, UnaryKernels.Exp())
        case .log: for i in 0..<n { y[i] = Float._log(x[i]) }
        case .tanh: map1(x, y, n, UnaryKernels.Tanh())
        case .sigmoid: map1(x, y, n, UnaryKernels.Sigmoid())
        case .relu: map1(x, y, n, UnaryKernels.Relu())
        case .sqrt: map1(x, y, n, UnaryKernels.Sqrt())
        case .gelu: map1(x, y, n, UnaryKernels.Gelu())
        case .geluTanh: map1(x, y, n, UnaryKernels.GeluTanh())
        }
    }

    /// dx = dy · f′(x), from the saved input or output of the forward.
    func backward(saved: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, _ n: Int) {
        switch self {
        case .exp: map2(dy, saved, dx, n, UnaryKernels.ExpBack())
        case .log: map2(dy, saved, dx, n, UnaryKernels.LogBack())
        case .tanh: map2(dy, saved, dx, n, UnaryKernels.TanhBack())
        case .sigmoid: map2(dy, saved, dx, n, UnaryKernels.SigmoidBack())
        case .relu: map2(dy, saved, dx, n, UnaryKernels.ReluBack())
        case .sqrt: map2(dy, saved, dx, n, UnaryKernels.SqrtBack())
        case .gelu: map2(dy, saved, dx, n, UnaryKernels.GeluBack())
        case .geluTanh: map2(dy, saved, dx, n, UnaryKernels.GeluTanhBack())
        }
    }

    /// Whether the backward reads the forward's input (else its output).
    var backwardNeedsInput: Bool {
        switch self {
        case .log, .relu, .gelu, .geluTanh: true
        case .exp, .tanh, .sigmoid, .sqrt: false
        }
    }
}

extension Float {
    @inline(__always) static func _log(_ x: Float) -> Float { TensorsMath.logf(x) }
}

/// Applies an element-wise function.
public func apply(_ f: UnaryFunction, _ x: Tensor) -> Tensor {
    let y = Tensor(uninitialized: x.shape)
    f.forward(x.ptr, y.ptr, x.count)
    return record(.unary(f), [x], saved: [f.backwardNeedsInput ? x : y], y)
}

/// eˣ element-wise.
public func exp(_ x: Tensor) -> Tensor { apply(.exp, x) }
/// Natural logarithm element-wise.
public func log(_ x: Tensor) -> Tensor { apply(.log, x) }
/// Hyperbolic tangent element-wise.
public func tanh(_ x: Tensor) -> Tensor { apply(.tanh, x) }
/// Logistic sigmoid element-wise.
public func sigmoid(_ x: Tensor) -> Tensor { apply(.sigmoid, x) }
/// max(x, 0) element-wise.
public func relu(_ x: Tensor) -> Tensor { apply(.relu, x) }
/// √x element-wise.
public func sqrt(_ x: Tensor) -> Tensor { apply(.sqrt, x) }
/// GELU. The default is the exact erf form (``UnaryFunction/gelu``); `approximate: true` selects
/// the tanh form (``UnaryFunction/geluTanh``) for models trained with it.
public func gelu(_ x: Tensor, approximate: Bool = false) -> Tensor { apply(approximate ? .geluTanh : .gelu, x) }

/// Clamps every element to [min, max]; the gradient passes only where the input was inside.
public func clamp(_ x: Tensor, min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
    precondition(lo <= hi, "clamp: min \(lo) > max \(hi)")
    let y = Tensor(uninitialized: x.shape)
    let vlo = V8(repeating: lo), vhi = V8(repeating: hi)
    map1(x.ptr, y.ptr, x.count) { VectorMath.minimum(VectorMath.maximum($0, vlo), vhi) }
    return record(.clamp(min: lo, max: hi), [x], saved: [x], y)
}

func clampBackward(x: Tensor, g: Tensor, lo: Float, hi: Float) -> Tensor {
    let dx = Tensor(uninitialized: x.shape)
    map2(g.ptr, x.ptr, dx.ptr, x.count) { g, x in g.replacing(with: 0, where: (x .< lo) .| (x .> hi)) }
    return dx
}

func unaryBackward(_ f: UnaryFunction, saved: Tensor, g: Tensor) -> Tensor {
    // `saved` is the input or the output, whichever `backwardNeedsInput` says the formula reads.
    let dx = Tensor(uninitialized: g.shape)
    f.backward(saved: saved.ptr, dy: g.ptr, dx: dx.ptr, g.count)
    return dx
}

#if canImport(Glibc)
import Glibc
enum TensorsMath { @inline(__always) static func logf(_ x: Float) -> Float { Glibc.logf(x) }
                   @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) } }
#else
import Darwin
enum TensorsMath { @inline(__always) static func logf(_ x: Float) -> Float { Darwin.logf(x) }
                   @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) } }
#endif
