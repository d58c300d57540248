/// Pieces of the contrastive loss: L2 normalisation and cross-entropy against soft targets.

/// `x / max(‖x‖₂, eps)` over the last axis (PyTorch `F.normalize(x, dim=-1)`).
public func l2Normalize(_ x: Tensor, eps: Float = 1e-12) -> Tensor {
    let d = x.shape.last ?? 1
    let rows = x.count / max(d, 1)
    let y = Tensor(uninitialized: x.shape)
    let norms = Tensor(uninitialized: [rows])
    for r in 0..<rows {
        let xr = x.ptr + r * d
        let n = max(ReduceKernel.dot(xr, xr, d).squareRoot(), eps)
        norms.ptr[r] = n
        let inv = V8(repeating: 1 / n)
        map1(xr, y.ptr + r * d, d) { $0 * inv }
    }
    return record(.l2Normalize, [x], saved: [y, norms, Tensor(eps)], y)
}

func l2NormalizeBackward(g: Tensor, y: Tensor, norms: Tensor, eps: Float) -> Tensor {
    let d = y.shape.last ?? 1
    let dx = Tensor(uninitialized: y.shape)
    for r in 0..<norms.count {
        let yr = y.ptr + r * d, gr = g.ptr + r * d, n = norms.ptr[r]
        let inv = V8(repeating: 1 / n)
        if n > eps {
            let s = V8(repeating: ReduceKernel.dot(gr, yr, d))
            map2(gr, yr, dx.ptr + r * d, d) { g, y in (g - y * s) * inv }
        } else {
            map1(gr, dx.ptr + r * d, d) { $0 * inv }
        }
    }
    return dx
}

/// Mean cross-entropy of `logits` (`[…, classes]`) against soft `targets` of the same shape:
/// `−mean over rows of Σ_c targets·log_softmax(logits)`. Rows of `targets` are usually
/// probability distributions (MedCLIP's soft labels); one-hot rows give the usual loss.
public func crossEntropy(_ logits: Tensor, targets: Tensor) -> Tensor {
    precondition(logits.shape == targets.shape, "crossEntropy: logits \(logits.shape) and targets \(targets.shape) differ")
    let c = logits.shape.last ?? 1
    let rows = logits.count / max(c, 1)
    let logp = Tensor(uninitialized: logits.shape)
    SoftmaxKernel.forward(logits.ptr, logp.ptr, rows: rows, n: c, log: true)
    var total: Double = 0
    for r in 0..<rows { total += Double(ReduceKernel.dot(logp.ptr + r * c, targets.ptr + r * c, c)) }
    let loss = Tensor(Float(-total / Double(max(rows, 1))))
    return record(.crossEntropy, [logits, targets], saved: [logp, targets], loss)
}

/// Mean cross-entropy against class indices (one per row of `logits`).
public func crossEntropy(_ logits: Tensor, labels: [Int]) -> Tensor {
    let c = logits.shape.last ?? 1
    precondition(logits.count == labels.count * c, "crossEntropy: \(labels.count) labels for logits \(logits.shape)")
    let t = Tensor.zeros(logits.shape)
    for (r, l) in labels.enumerated() {
        precondition(l >= 0 && l < c, "crossEntropy: label \(l) out of range 0..<\(c)")
        t.ptr[r * c + l] = 1
    }
    return crossEntropy(logits, targets: t)
}

func crossEntropyBackward(g: Tensor, logp: Tensor, targets: Tensor, needs: [Bool]) -> [Tensor?] {
    let c = logp.shape.last ?? 1
    let rows = logp.count / max(c, 1)
    let scale = g.item / Float(max(rows, 1))
    var dz: Tensor? = nil, dt: Tensor? = nil
    if needs[0] {
        // ∂/∂z = (softmax(z)·Σ_c t − t) / rows
        let out = Tensor(uninitialized: logp.shape)
        for r in 0..<rows {
            let lp = logp.ptr + r * c, t = targets.ptr + r * c
            let st = V8(repeating: ReduceKernel.horizontalSum(t, c) * scale), sv = V8(repeating: scale)
            map2(lp, t, out.ptr + r * c, c) { lp, t in VectorMath.exp(lp) * st - t * sv }
        }
        dz = out
    }
    if needs[1] { dt = scaled(logp, -scale) }
    return [dz, dt]
}
