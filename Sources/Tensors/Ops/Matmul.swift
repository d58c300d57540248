import COpenBLAS

/// Matrix products on `cblas_sgemm`. Transposes are passed to BLAS as flags, never copied.
enum Gemm {
    /// C = α·op(A)·op(B) + β·C for row-major matrices of logical size M×K and K×N.
    @inline(__always)
    static func sgemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                      m: Int, n: Int, k: Int, transA: Bool, transB: Bool, beta: Float = 0) {
        _ = TensorThreads.configureOnce
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(transA ? m : k), b, Int32(transB ? k : n), beta, c, Int32(n))
    }

    /// op(x)·op(y) where each operand is a matrix (rank 2, shared by every batch) or a stack
    /// `[batch…, r, c]`. With `reduceBatch` the per-batch products are summed into one matrix
    /// (the gradient of an operand that was shared by every batch).
    static func product(_ x: Tensor, _ y: Tensor, transX: Bool, transY: Bool, reduceBatch: Bool = false, op: String = "matmul") -> Tensor {
        precondition(x.rank >= 2 && y.rank >= 2, "\(op): operands need rank ≥ 2, got \(x.shape) and \(y.shape)")
        let xr = x.shape[x.rank - 2], xc = x.shape[x.rank - 1]
        let yr = y.shape[y.rank - 2], yc = y.shape[y.rank - 1]
        let m = transX ? xc : xr, kx = transX ? xr : xc
        let ky = transY ? yc : yr, n = transY ? yr : yc
        precondition(kx == ky, "\(op): inner sizes differ: \(x.shape)\(transX ? "ᵀ" : "") · \(y.shape)\(transY ? "ᵀ" : "") (\(kx) vs \(ky))")
        let xb = Array(x.shape.dropLast(2)), yb = Array(y.shape.dropLast(2))
        precondition(xb.isEmpty || yb.isEmpty || xb == yb, "\(op): batch shapes differ: \(x.shape) vs \(y.shape)")
        let batchShape = xb.isEmpty ? yb : xb
        let batch = Shape.count(batchShape)
        let k = kx
        if batchShape.isEmpty || reduceBatch {
            let c = Tensor(uninitialized: [m, n])
            if batchShape.isEmpty {
                sgemm(x.ptr, y.ptr, c.ptr, m: m, n: n, k: k, transA: transX, transB: transY)
            } else if transX && !transY && !xb.isEmpty && !yb.isEmpty {
                // Σ_b X_bᵀ·Y_b = X_allᵀ·Y_all with the batches stacked along the reduced axis.
                sgemm(x.ptr, y.ptr, c.ptr, m: m, n: n, k: k * batch, transA: true, transB: false)
            } else {
                for bi in 0..<batch {
                    sgemm(x.ptr + (xb.isEmpty ? 0 : bi * xr * xc), y.ptr + (yb.isEmpty ? 0 : bi * yr * yc), c.ptr,
                          m: m, n: n, k: k, transA: transX, transB: transY, beta: bi == 0 ? 0 : 1)
                }
            }
            return c
        }
        let c = Tensor(uninitialized: batchShape + [m, n])
        if yb.isEmpty && !transX {
            // A stack times a shared matrix is one tall product.
            sgemm(x.ptr, y.ptr, c.ptr, m: m * batch, n: n, k: k, transA: false, transB: transY)
        } else {
            for bi in 0..<batch {
                sgemm(x.ptr + (xb.isEmpty ? 0 : bi * xr * xc), y.ptr + (yb.isEmpty ? 0 : bi * yr * yc), c.ptr + bi * m * n,
                      m: m, n: n, k: k, transA: transX, transB: transY)
            }
        }
        return c
    }
}

/// Matrix product `op(a)·op(b)`, batched over leading axes.
///
/// Each operand is a matrix or a stack `[batch…, rows, cols]`; a matrix is shared by every batch
/// entry, and two stacks must have the same batch shape. `transposeA`/`transposeB` use the
/// transpose of the last two axes without copying.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let c = Gemm.product(a, b, transX: transposeA, transY: transposeB)
    return record(.matmul(transposeA: transposeA, transposeB: transposeB), [a, b], saved: [a, b], c)
}

func matmulBackward(g: Tensor, a: Tensor, b: Tensor, tA: Bool, tB: Bool, needs: [Bool]) -> [Tensor?] {
    let aShared = a.rank == 2 && g.rank > 2, bShared = b.rank == 2 && g.rank > 2
    var ga: Tensor? = nil, gb: Tensor? = nil
    if needs[0] {
        let r: Tensor
        switch (tA, tB) {
        case (false, false): r = Gemm.product(g, b, transX: false, transY: true, reduceBatch: aShared)
        case (false, true): r = Gemm.product(g, b, transX: false, transY: false, reduceBatch: aShared)
        case (true, false): r = Gemm.product(b, g, transX: false, transY: true, reduceBatch: aShared)
        case (true, true): r = Gemm.product(b, g, transX: true, transY: true, reduceBatch: aShared)
        }
        ga = Tensor(shape: a.shape, storage: r.storage)
    }
    if needs[1] {
        let r: Tensor
        switch (tA, tB) {
        case (false, false): r = Gemm.product(a, g, transX: true, transY: false, reduceBatch: bShared)
        case (false, true): r = Gemm.product(g, a, transX: true, transY: false, reduceBatch: bShared)
        case (true, false): r = Gemm.product(a, g, transX: false, transY: false, reduceBatch: bShared)
        case (true, true): r = Gemm.product(g, a, transX: true, transY: true, reduceBatch: bShared)
        }
        gb = Tensor(shape: b.shape, storage: r.storage)
    }
    return [ga, gb]
}

/// A fully connected layer: `x·Wᵀ + b` over the last axis of `x` (PyTorch `nn.Linear` layout:
/// `weight` is `[out, in]`, `bias` is `[out]`).
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
    precondition(weight.rank == 2, "linear: weight must be [out, in], got \(weight.shape)")
    let out = weight.shape[0], inp = weight.shape[1]
    precondition(x.rank >= 1 && x.shape[x.rank - 1] == inp, "linear: input \(x.shape) does not end in \(inp) (weight \(weight.shape))")
    if let bias { precondition(bias.shape == [out], "linear: bias \(bias.shape) != [\(out)]") }
    let rows = x.count / inp
    let y = Tensor(uninitialized: Array(x.shape.dropLast()) + [out])
    if let bias {
        for r in 0..<rows { (y.ptr + r * out).update(from: bias.ptr, count: out) }
    }
    Gemm.sgemm(x.ptr, weight.ptr, y.ptr, m: rows, n: out, k: inp, transA: false, transB: true, beta: bias == nil ? 0 : 1)
    if let bias { return record(.linear, [x, weight, bias], saved: [x, weight], y) }
    return record(.linear, [x, weight], saved: [x, weight], y)
}

func linearBackward(g: Tensor, x: Tensor, w: Tensor, needs: [Bool]) -> [Tensor?] {
    let out = w.shape[0], inp = w.shape[1], rows = x.count / inp
    var result: [Tensor?] = [nil, nil]
    if needs[0] {
        let dx = Tensor(uninitialized: x.shape)
        Gemm.sgemm(g.ptr, w.ptr, dx.ptr, m: rows, n: inp, k: out, transA: false, transB: false)
        result[0] = dx
    }
    if needs[1] {
        let dw = Tensor(uninitialized: w.shape)
        Gemm.sgemm(g.ptr, x.ptr, dw.ptr, m: out, n: inp, k: rows, transA: true, transB: false)
        result[1] = dw
    }
    if needs.count > 2 {
        result.append(needs[2] ? Tensor(shape: [rows, out], storage: g.storage).sumTo([out]) : nil)
    }
    return result
}
