/// Index-based ops: gather/scatter along an axis, embedding lookup, masked fill.

/// out[o, k, i] = x[o, indices[k], i]: rows of `x` along `axis` picked by `indices` (repeats
/// allowed). The gradient adds back into the rows used. Window partition is a gather.
public func gather(_ x: Tensor, axis: Int, indices: [Int]) -> Tensor {
    let ax = Shape.axis(axis, rank: x.rank, op: "gather")
    let (outer, dim, inner) = Shape.around(x.shape, axis: ax)
    for i in indices { precondition(i >= 0 && i < dim, "gather: index \(i) out of range 0..<\(dim) (axis \(axis) of \(x.shape))") }
    var outShape = x.shape
    outShape[ax] = indices.count
    let y = Tensor(uninitialized: outShape)
    let k = indices.count
    for o in 0..<outer {
        for (j, i) in indices.enumerated() {
            (y.ptr + (o * k + j) * inner).update(from: x.ptr + (o * dim + i) * inner, count: inner)
        }
    }
    return record(.gather(axis: ax, indices: indices), [x], y)
}

/// The adjoint of ``gather(_:axis:indices:)``: a tensor whose `axis` has `size` entries, zeros,
/// with `x`'s entry `k` added at position `indices[k]`. Window reverse is a scatter.
public func scatter(_ x: Tensor, axis: Int, indices: [Int], size: Int) -> Tensor {
    let ax = Shape.axis(axis, rank: x.rank, op: "scatter")
    precondition(x.shape[ax] == indices.count, "scatter: \(indices.count) indices for axis \(axis) of \(x.shape)")
    for i in indices { precondition(i >= 0 && i < size, "scatter: index \(i) out of range 0..<\(size)") }
    let y = scatterRaw(x, axis: ax, indices: indices, size: size)
    return record(.scatter(axis: ax, indices: indices), [x], y)
}

func scatterRaw(_ x: Tensor, axis ax: Int, indices: [Int], size: Int) -> Tensor {
    let (outer, k, inner) = Shape.around(x.shape, axis: ax)
    var outShape = x.shape
    outShape[ax] = size
    let y = Tensor.zeros(outShape)
    for o in 0..<outer {
        for (j, i) in indices.enumerated() {
            let dst = y.ptr + (o * size + i) * inner, src = x.ptr + (o * k + j) * inner
            map2(dst, src, dst, inner, Add())
        }
    }
    return y
}

/// Looks up rows of `table` (`[vocabulary, dim]`): the result has shape `shape + [dim]`
/// (default: `[ids.count, dim]`). The gradient accumulates into the rows used.
public func embedding(_ ids: [Int32], table: Tensor, shape: [Int]? = nil) -> Tensor {
    precondition(table.rank == 2, "embedding: table must be [vocabulary, dim], got \(table.shape)")
    let s = shape ?? [ids.count]
    precondition(Shape.count(s) == ids.count, "embedding: shape \(s) does not hold \(ids.count) ids")
    return gather(table, axis: 0, indices: ids.map(Int.init)).reshaped(s + [table.shape[1]])
}

/// `x` with `value` wherever `mask` (broadcastable to `x`) is non-zero. No gradient reaches the
/// filled positions or the mask.
public func maskedFill(_ x: Tensor, where mask: Tensor, with value: Float) -> Tensor {
    let out = Shape.broadcast(x.shape, mask.shape, op: "maskedFill")
    precondition(out == x.shape, "maskedFill: mask \(mask.shape) must broadcast to the input \(x.shape)")
    let y = Tensor(uninitialized: x.shape)
    let v = V8(repeating: value)
    BroadcastKernel.apply(x, mask, into: y) { x, m in x.replacing(with: v, where: m .!= 0) }
    return record(.maskedFill, [x, mask], saved: [mask], y)
}

func maskedFillBackward(g: Tensor, mask: Tensor) -> Tensor {
    let dx = Tensor(uninitialized: g.shape)
    BroadcastKernel.apply(g, mask, into: dx) { g, m in g.replacing(with: 0, where: m .!= 0) }
    return dx
}

/// Inverted dropout: zeroes each element with probability `p` and scales the rest by 1/(1−p).
/// The mask comes from `rng`, so a run is reproducible from its seed. `p = 0` returns `x`.
public func dropout(_ x: Tensor, p: Float, rng: inout TensorRNG) -> Tensor {
    precondition(p >= 0 && p < 1, "dropout: p = \(p) outside [0, 1)")
    if p == 0 { return x }
    let mask = Tensor(uninitialized: x.shape)
    let keep = 1 / (1 - p)
    for i in 0..<x.count { mask.ptr[i] = rng.nextUniform() < p ? 0 : keep }
    let y = Tensor(uninitialized: x.shape)
    map2(x.ptr, mask.ptr, y.ptr, x.count, Mul())
    return record(.dropout, [x], saved: [mask], y)
}
