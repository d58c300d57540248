/// Numerically stable softmax and log-softmax (the row maximum is subtracted first).
enum SoftmaxKernel {
    @inline(__always)
    static func rowMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var m = V8(repeating: -.infinity)
        var i = 0
        while i &+ 8 <= n { m = VectorMath.maximum(m, VectorMath.load(x + i)); i &+= 8 }
        if i < n { m = VectorMath.maximum(m, VectorMath.loadPartial(x + i, n &- i, fill: -.infinity)) }
        return VectorMath.max(m)
    }

    /// y = exp(x − max) over one row; returns the sum of y.
    @inline(__always)
    static func expShifted(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ m: Float) -> Float {
        let vm = V8(repeating: m)
        var acc = V8(repeating: 0)
        var i = 0
        while i &+ 8 <= n {
            let e = VectorMath.exp(VectorMath.load(x + i) - vm)
            VectorMath.store(e, y + i)
            acc += e
            i &+= 8
        }
        if i < n {
            var e = VectorMath.exp(VectorMath.loadPartial(x + i, n &- i) - vm)
            e.replace(with: 0, where: SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int32>(repeating: Int32(n &- i)))
            VectorMath.storePartial(e, y + i, n &- i)
            acc += e
        }
        return VectorMath.sum(acc)
    }

    /// Softmax (or log-softmax) over each row of `[rows, n]`.
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, n: Int, log: Bool) {
        let xp = SendablePointer(UnsafeMutablePointer(mutating: x)), yp = SendablePointer(y)
        parallelFor(rows, grain: max(1, 8192 / max(n, 1))) { r in
            for row in r {
                let xr = xp.p + row &* n, yr = yp.p + row &* n
                let m = rowMax(xr, n)
                let s = expShifted(xr, yr, n, m)
                if log {
                    let shift = V8(repeating: m + TensorsMath.logf(s))
                    var i = 0
                    while i &+ 8 <= n { VectorMath.store(VectorMath.load(xr + i) - shift, yr + i); i &+= 8 }
                    while i < n { yr[i] = xr[i] - shift[0]; i &+= 1 }
                } else {
                    let inv = V8(repeating: 1 / s)
                    var i = 0
                    while i &+ 8 <= n { VectorMath.store(VectorMath.load(yr + i) * inv, yr + i); i &+= 8 }
                    while i < n { yr[i] *= inv[0]; i &+= 1 }
                }
            }
        }
    }

    /// Softmax: dx = y ⊙ (g − Σ g⊙y). Log-softmax: dx = g − exp(y)·Σ g.
    static func backward(_ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, rows: Int, n: Int, log: Bool) {
        let yp = SendablePointer(UnsafeMutablePointer(mutating: y)), gp = SendablePointer(UnsafeMutablePointer(mutating: g))
        let dp = SendablePointer(dx)
        parallelFor(rows, grain: max(1, 8192 / max(n, 1))) { r in
            for row in r {
                let yr = yp.p + row &* n, gr = gp.p + row &* n, dr = dp.p + row &* n
                if log {
                    let s = V8(repeating: ReduceKernel.horizontalSum(gr, n))
                    var i = 0
                    while i &+ 8 <= n { VectorMath.store(VectorMath.load(gr + i) - VectorMath.exp(VectorMath.load(yr + i)) * s, dr + i); i &+= 8 }
                    if i < n { VectorMath.storePartial(VectorMath.loadPartial(gr + i, n &- i) - VectorMath.exp(VectorMath.loadPartial(yr + i, n &- i)) * s, dr + i, n &- i) }
                } else {
                    let s = V8(repeating: ReduceKernel.dot(gr, yr, n))
                    var i = 0
                    while i &+ 8 <= n { VectorMath.store(VectorMath.load(yr + i) * (VectorMath.load(gr + i) - s), dr + i); i &+= 8 }
                    if i < n { VectorMath.storePartial(VectorMath.loadPartial(yr + i, n &- i) * (VectorMath.loadPartial(gr + i, n &- i) - s), dr + i, n &- i) }
                }
            }
        }
    }
}

/// Runs a last-axis row kernel along any axis by moving that axis last and back.
func alongAxis(_ x: Tensor, axis: Int, _ body: (Tensor) -> Tensor) -> Tensor {
    if axis == x.rank - 1 { return body(x) }
    var perm = Array(0..<x.rank)
    perm.remove(at: axis)
    perm.append(axis)
    var inverse = [Int](repeating: 0, count: x.rank)
    for (i, p) in perm.enumerated() { inverse[p] = i }
    return permuteRaw(body(permuteRaw(x, perm)), inverse)
}

private func softmaxImpl(_ x: Tensor, axis: Int, log: Bool) -> Tensor {
    let ax = Shape.axis(axis, rank: x.rank, op: log ? "logSoftmax" : "softmax")
    let y = alongAxis(x.detached, axis: ax) { t in
        let n = t.shape[t.rank - 1]
        let y = Tensor(uninitialized: t.shape)
        SoftmaxKernel.forward(t.ptr, y.ptr, rows: t.count / max(n, 1), n: n, log: log)
        return y
    }
    return record(log ? .logSoftmax(axis: ax) : .softmax(axis: ax), [x], saved: [y], y)
}

func softmaxBackward(y: Tensor, g: Tensor, axis: Int, log: Bool) -> Tensor {
    if axis == y.rank - 1 {
        let n = y.shape[axis]
        let dx = Tensor(uninitialized: y.shape)
        SoftmaxKernel.backward(y.ptr, g.ptr, dx.ptr, rows: y.count / max(n, 1), n: n, log: log)
        return dx
    }
    var perm = Array(0..<y.rank)
    perm.remove(at: axis)
    perm.append(axis)
    var inverse = [Int](repeating: 0, count: y.rank)
    for (i, p) in perm.enumerated() { inverse[p] = i }
    let dx = softmaxBackward(y: permuteRaw(y, perm), g: permuteRaw(g, perm), axis: y.rank - 1, log: log)
    return permuteRaw(dx, inverse)
}

/// Softmax along `axis` (default: the last).
public func softmax(_ x: Tensor, axis: Int = -1) -> Tensor { softmaxImpl(x, axis: axis, log: false) }

/// Log-softmax along `axis` (default: the last).
public func logSoftmax(_ x: Tensor, axis: Int = -1) -> Tensor { softmaxImpl(x, axis: axis, log: true) }

/// Softmax over the last axis where `mask` (broadcastable to `x`; 1 = attend, 0 = ignore) selects
/// the positions that take part. Ignored positions are filled with −1e9 before the softmax, as
/// HF attention masks do, so they get probability ≈0 and a fully ignored row comes out uniform.
public func softmax(_ x: Tensor, mask: Tensor) -> Tensor {
    softmax(maskedFill(x, where: 1 - mask.detached, with: -1e9), axis: -1)
}
