/// Sums and means over axes.

func sumRaw(_ x: Tensor, axes: [Int]) -> Tensor {
    var cur = x
    for ax in axes.sorted() where cur.shape[ax] != 1 {
        let (outer, dim, inner) = Shape.around(cur.shape, axis: ax)
        var s = cur.shape
        s[ax] = 1
        let y = Tensor(uninitialized: s)
        ReduceKernel.sumMiddle(cur.ptr, y.ptr, outer: outer, dim: dim, inner: inner)
        cur = y
    }
    return cur
}

/// `g` (shaped like the reduced tensor with kept axes) repeated to `shape`.
func broadcastRaw(_ g: Tensor, to shape: [Int]) -> Tensor {
    if g.shape == shape { return g }
    let y = Tensor(uninitialized: shape)
    BroadcastKernel.apply(g, Tensor(0), into: y, First())
    return y
}

/// Sum over `axes` (all axes when `nil`). With `keepDims` the reduced axes stay with size 1.
public func sum(_ x: Tensor, axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    let ax = (axes ?? Array(0..<x.rank)).map { Shape.axis($0, rank: x.rank, op: "sum") }
    let kept = sumRaw(x.detached, axes: ax)
    let outShape = keepDims ? kept.shape : x.shape.enumerated().filter { !ax.contains($0.offset) }.map(\.element)
    return record(.sum(axes: ax), [x], Tensor(shape: outShape, storage: kept.storage))
}

/// Mean over `axes` (all axes when `nil`).
public func mean(_ x: Tensor, axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    let ax = (axes ?? Array(0..<x.rank)).map { Shape.axis($0, rank: x.rank, op: "mean") }
    let n = ax.reduce(1) { $0 * x.shape[$1] }
    return sum(x, axes: ax, keepDims: keepDims) * (1 / Float(max(n, 1)))
}

func sumBackward(g: Tensor, axes: [Int], inputShape: [Int]) -> Tensor {
    var kept = inputShape
    for a in axes { kept[a] = 1 }
    return broadcastRaw(Tensor(shape: kept, storage: g.storage), to: inputShape)
}
