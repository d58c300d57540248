/// Layer normalisation over the last axis: `(x − μ)/√(σ² + ε)·γ + β`, σ² the biased variance
/// (PyTorch `nn.LayerNorm`, HF `LayerNorm.weight`/`.bias`).
public func layerNorm(_ x: Tensor, weight: Tensor, bias: Tensor, eps: Float = 1e-5) -> Tensor {
    let d = x.shape.last ?? 1
    precondition(x.rank >= 1 && weight.shape == [d] && bias.shape == [d],
                 "layerNorm: input \(x.shape) needs weight and bias of shape [\(d)], got \(weight.shape) and \(bias.shape)")
    let rows = x.count / max(d, 1)
    let y = Tensor(uninitialized: x.shape)
    // x̂ is kept only for backward; in inference it is written into y and overwritten there.
    let tracking = x.tape != nil || weight.tape != nil || bias.tape != nil
    let xhat = tracking ? Tensor(uninitialized: x.shape) : y
    let rstd = Tensor(uninitialized: [rows])
    let xp = SendablePointer(x.ptr), yp = SendablePointer(y.ptr), hp = SendablePointer(xhat.ptr), rp = SendablePointer(rstd.ptr)
    let gp = SendablePointer(weight.ptr), bp = SendablePointer(bias.ptr)
    parallelFor(rows, grain: max(1, 16_384 / max(d, 1))) { r in
        for row in r {
            let xr = xp.p + row &* d, yr = yp.p + row &* d, hr = hp.p + row &* d
            let mean = ReduceKernel.horizontalSum(xr, d) / Float(d)
            let vm = V8(repeating: mean)
            var acc = V8(repeating: 0)
            var i = 0
            while i &+ 8 <= d { let c = VectorMath.load(xr + i) - vm; acc += c * c; i &+= 8 }
            var tail: Float = 0
            while i < d { let c = xr[i] - mean; tail += c * c; i &+= 1 }
            let rs = 1 / ((VectorMath.sum(acc) + tail) / Float(d) + eps).squareRoot()
            rp.p[row] = rs
            let vr = V8(repeating: rs)
            i = 0
            while i &+ 8 <= d {
                let h = (VectorMath.load(xr + i) - vm) * vr
                VectorMath.store(h, hr + i)
                VectorMath.store(h * VectorMath.load(gp.p + i) + VectorMath.load(bp.p + i), yr + i)
                i &+= 8
            }
            while i < d {
                let h = (xr[i] - mean) * rs
                hr[i] = h
                yr[i] = h * gp.p[i] + bp.p[i]
                i &+= 1
            }
        }
    }
    return record(.layerNorm, [x, weight, bias], saved: [xhat, rstd, weight], y)
}

func layerNormBackward(g: Tensor, xhat: Tensor, rstd: Tensor, weight: Tensor, needs: [Bool]) -> [Tensor?] {
    let d = weight.count, rows = g.count / max(d, 1)
    var dx: Tensor? = nil
    if needs[0] {
        let out = Tensor(uninitialized: g.shape)
        let gp = SendablePointer(g.ptr), hp = SendablePointer(xhat.ptr), rp = SendablePointer(rstd.ptr)
        let wp = SendablePointer(weight.ptr), op = SendablePointer(out.ptr)
        parallelFor(rows, grain: max(1, 16_384 / max(d, 1))) { r in
            for row in r {
                let gr = gp.p + row &* d, hr = hp.p + row &* d, orow = op.p + row &* d
                // dx̂ = g·γ; dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))
                var s1 = V8(repeating: 0), s2 = V8(repeating: 0)
                var i = 0
                while i &+ 8 <= d {
                    let dh = VectorMath.load(gr + i) * VectorMath.load(wp.p + i)
                    s1 += dh; s2 += dh * VectorMath.load(hr + i)
                    i &+= 8
                }
                var t1: Float = 0, t2: Float = 0
                while i < d { let dh = gr[i] * wp.p[i]; t1 += dh; t2 += dh * hr[i]; i &+= 1 }
                let m1 = V8(repeating: (VectorMath.sum(s1) + t1) / Float(d)), m2 = V8(repeating: (VectorMath.sum(s2) + t2) / Float(d))
                let rs = V8(repeating: rp.p[row])
                i = 0
                while i &+ 8 <= d {
                    let dh = VectorMath.load(gr + i) * VectorMath.load(wp.p + i)
                    VectorMath.store(rs * (dh - m1 - VectorMath.load(hr + i) * m2), orow + i)
                    i &+= 8
                }
                while i < d { orow[i] = rs[0] * (gr[i] * wp.p[i] - m1[0] - hr[i] * m2[0]); i &+= 1 }
            }
        }
        dx = out
    }
    let dw = needs[1] ? rawBinary(.mul, g, xhat).sumTo([d]) : nil
    let db = needs[2] ? g.sumTo([d]) : nil
    return [dx, dw, db]
}
