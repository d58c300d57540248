/// Broadcasting arithmetic between tensors, and arithmetic with scalars.
enum BinaryFunction { case add, sub, mul, div }

func binary(_ kind: BinaryFunction, _ a: Tensor, _ b: Tensor) -> Tensor {
    let name: String
    switch kind { case .add: name = "add"; case .sub: name = "sub"; case .mul: name = "mul"; case .div: name = "div" }
    let out = Shape.broadcast(a.shape, b.shape, op: name)
    let y = Tensor(uninitialized: out)
    switch kind {
    case .add: BroadcastKernel.apply(a, b, into: y, Add())
    case .sub: BroadcastKernel.apply(a, b, into: y, Sub())
    case .mul: BroadcastKernel.apply(a, b, into: y, Mul())
    case .div: BroadcastKernel.apply(a, b, into: y, Div())
    }
    switch kind {
    case .add: return record(.add, [a, b], y)
    case .sub: return record(.sub, [a, b], y)
    case .mul: return record(.mul, [a, b], saved: [a, b], y)
    case .div: return record(.div, [a, b], saved: [a, b], y)
    }
}

/// Element-wise `a ⊙ b` of two same-shaped constants, not recorded (for backward passes).
func rawBinary(_ kind: BinaryFunction, _ a: Tensor, _ b: Tensor) -> Tensor {
    binary(kind, a.detached, b.detached)
}

func binaryBackward(_ kind: BinaryFunction, g: Tensor, saved: [Tensor], shapes: [[Int]], needs: [Bool]) -> [Tensor?] {
    switch kind {
    case .add:
        return [needs[0] ? g.sumTo(shapes[0]) : nil, needs[1] ? g.sumTo(shapes[1]) : nil]
    case .sub:
        return [needs[0] ? g.sumTo(shapes[0]) : nil, needs[1] ? scaled(g.sumTo(shapes[1]), -1) : nil]
    case .mul:
        return [needs[0] ? rawBinary(.mul, g, saved[1]).sumTo(shapes[0]) : nil,
                needs[1] ? rawBinary(.mul, g, saved[0]).sumTo(shapes[1]) : nil]
    case .div:
        let ga = rawBinary(.div, g, saved[1])
        var gb: Tensor? = nil
        if needs[1] {
            // −g·a/b² = −(g/b)·(a/b)
            let t = rawBinary(.mul, ga, rawBinary(.div, saved[0], saved[1]))
            gb = scaled(t, -1).sumTo(shapes[1])
        }
        return [needs[0] ? ga.sumTo(shapes[0]) : nil, gb]
    }
}

/// `x · s`, not recorded.
func scaled(_ x: Tensor, _ s: Float) -> Tensor {
    let y = Tensor(uninitialized: x.shape)
    map1(x.ptr, y.ptr, x.count, Scale(s))
    return y
}

/// Element-wise sum with numpy broadcasting.
public func + (a: Tensor, b: Tensor) -> Tensor { binary(.add, a, b) }
/// Element-wise difference with numpy broadcasting.
public func - (a: Tensor, b: Tensor) -> Tensor { binary(.sub, a, b) }
/// Element-wise product with numpy broadcasting.
public func * (a: Tensor, b: Tensor) -> Tensor { binary(.mul, a, b) }
/// Element-wise quotient with numpy broadcasting.
public func / (a: Tensor, b: Tensor) -> Tensor { binary(.div, a, b) }

/// `x + s`.
public func + (x: Tensor, s: Float) -> Tensor {
    let y = Tensor(uninitialized: x.shape)
    map1(x.ptr, y.ptr, x.count, Shift(s))
    return record(.addScalar, [x], y)
}
/// `s + x`.
public func + (s: Float, x: Tensor) -> Tensor { x + s }
/// `x − s`.
public func - (x: Tensor, s: Float) -> Tensor { x + (-s) }
/// `s − x`.
public func - (s: Float, x: Tensor) -> Tensor { (-x) + s }
/// `x · s`.
public func * (x: Tensor, s: Float) -> Tensor { record(.mulScalar(s), [x], scaled(x, s)) }
/// `s · x`.
public func * (s: Float, x: Tensor) -> Tensor { x * s }
/// `x / s`.
public func / (x: Tensor, s: Float) -> Tensor { x * (1 / s) }
/// `−x`.
public prefix func - (x: Tensor) -> Tensor { x * -1 }

/// `xᵖ` element-wise for a constant exponent (`p = 2` squares, `p = 0.5` is √x).
public func pow(_ x: Tensor, _ p: Float) -> Tensor {
    let y = Tensor(uninitialized: x.shape)
    if p == 2 {
        map1(x.ptr, y.ptr, x.count) { $0 * $0 }
    } else {
        for i in 0..<x.count { y.ptr[i] = Float(TensorsMath.pow(Double(x.ptr[i]), Double(p))) }
    }
    return record(.powScalar(p), [x], saved: [x], y)
}

func powBackward(x: Tensor, g: Tensor, p: Float) -> Tensor {
    let dx = Tensor(uninitialized: x.shape)
    if p == 2 {
        map2(g.ptr, x.ptr, dx.ptr, x.count) { $0 * 2 * $1 }
    } else {
        for i in 0..<x.count { dx.ptr[i] = g.ptr[i] * p * Float(TensorsMath.pow(Double(x.ptr[i]), Double(p - 1))) }
    }
    return dx
}
