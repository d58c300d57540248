/// Broadcasting binary kernels: the output is walked row by row along its (collapsed) last axis,
/// with an inner loop specialised for contiguous or broadcast (stride-0) operands.
enum BroadcastKernel {
    /// Per-operand element strides into the broadcast output shape (0 on broadcast axes), with
    /// adjacent axes merged where both operands allow it.
    static func plan(_ a: [Int], _ b: [Int], out: [Int]) -> (dims: [Int], sa: [Int], sb: [Int]) {
        func strides(_ s: [Int]) -> [Int] {
            let pad = [Int](repeating: 1, count: out.count - s.count) + s
            let st = Shape.strides(pad)
            return (0..<out.count).map { pad[$0] == 1 && out[$0] != 1 ? 0 : st[$0] }
        }
        var dims = out, sa = strides(a), sb = strides(b)
        var i = dims.count - 2
        while i >= 0 {
            if sa[i] == sa[i + 1] * dims[i + 1] && sb[i] == sb[i + 1] * dims[i + 1] {
                dims[i] *= dims[i + 1]
                sa[i] = sa[i + 1]; sb[i] = sb[i + 1]
                dims.remove(at: i + 1); sa.remove(at: i + 1); sb.remove(at: i + 1)
            }
            i -= 1
        }
        if dims.isEmpty { return ([1], [1], [1]) }
        return (dims, sa, sb)
    }

    /// `y = f(a, b)` for a closure (cold paths).
    static func apply(_ a: Tensor, _ b: Tensor, into y: Tensor, _ f: @escaping (V8, V8) -> V8) {
        apply(a, b, into: y, Closure2(f: f))
    }

    /// `y = f(a, b)` with numpy broadcasting; `out` must be the broadcast shape.
    @inline(__always)
    static func apply<F: Lanewise2>(_ a: Tensor, _ b: Tensor, into y: Tensor, _ f: F) {
        if a.shape == b.shape {
            map2(a.ptr, b.ptr, y.ptr, y.count, f)
            return
        }
        let (dims, sa, sb) = plan(a.shape, b.shape, out: y.shape)
        let inner = dims[dims.count - 1], ia = sa[sa.count - 1], ib = sb[sb.count - 1]
        let rows = y.count / max(inner, 1)
        let ap = SendablePointer(a.ptr), bp = SendablePointer(b.ptr), yp = SendablePointer(y.ptr)
        parallelFor(rows, grain: max(1, 32_768 / max(inner, 1))) { range in
            for row in range {
                // Offsets of this output row in each operand.
                var rem = row, oa = 0, ob = 0
                var d = dims.count - 2
                while d >= 0 {
                    let idx = rem % dims[d]
                    rem /= dims[d]
                    oa &+= idx &* sa[d]; ob &+= idx &* sb[d]
                    d -= 1
                }
                let pa = ap.p + oa, pb = bp.p + ob, py = yp.p + row &* inner
                var j = 0
                switch (ia, ib) {
                case (1, 1):
                    while j &+ 8 <= inner { VectorMath.store(f(VectorMath.load(pa + j), VectorMath.load(pb + j)), py + j); j &+= 8 }
                    if j < inner { VectorMath.storePartial(f(VectorMath.loadPartial(pa + j, inner &- j), VectorMath.loadPartial(pb + j, inner &- j, fill: 1)), py + j, inner &- j) }
                case (1, 0):
                    let vb = V8(repeating: pb.pointee)
                    while j &+ 8 <= inner { VectorMath.store(f(VectorMath.load(pa + j), vb), py + j); j &+= 8 }
                    if j < inner { VectorMath.storePartial(f(VectorMath.loadPartial(pa + j, inner &- j), vb), py + j, inner &- j) }
                case (0, 1):
                    let va = V8(repeating: pa.pointee)
                    while j &+ 8 <= inner { VectorMath.store(f(va, VectorMath.load(pb + j)), py + j); j &+= 8 }
                    if j < inner { VectorMath.storePartial(f(va, VectorMath.loadPartial(pb + j, inner &- j, fill: 1)), py + j, inner &- j) }
                default:
                    let v = f(V8(repeating: pa.pointee), V8(repeating: pb.pointee))[0]
                    for k in 0..<inner { py[k] = v }
                }
            }
        }
    }
}
