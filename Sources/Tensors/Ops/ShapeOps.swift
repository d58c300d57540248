/// Ops that move data without arithmetic: reshape (a free view), permute, concat, slice, roll, pad.

/// Copies `x` with its axes reordered: output axis `i` is input axis `perm[i]`. Not recorded.
func permuteRaw(_ x: Tensor, _ perm: [Int]) -> Tensor {
    let outShape = perm.map { x.shape[$0] }
    if perm == Array(0..<x.rank) { return x.detached }
    let inStrides = Shape.strides(x.shape)
    let st = perm.map { inStrides[$0] }
    let y = Tensor(uninitialized: outShape)
    let inner = outShape.last ?? 1, innerStride = st.last ?? 1
    let rows = y.count / max(inner, 1)
    let xp = SendablePointer(x.ptr), yp = SendablePointer(y.ptr)
    let outerDims = Array(outShape.dropLast()), outerStrides = Array(st.dropLast())
    parallelFor(rows, grain: max(1, 16_384 / max(inner, 1))) { r in
        for row in r {
            var rem = row, off = 0
            var d = outerDims.count - 1
            while d >= 0 { off &+= (rem % outerDims[d]) &* outerStrides[d]; rem /= outerDims[d]; d -= 1 }
            let src = xp.p + off, dst = yp.p + row &* inner
            if innerStride == 1 {
                dst.update(from: src, count: inner)
            } else {
                for j in 0..<inner { dst[j] = src[j &* innerStride] }
            }
        }
    }
    return y
}

extension Tensor {
    /// The same elements with a new shape (a free view: the storage is shared). One axis may be
    /// `-1` and is inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshape: cannot infer -1 in \(newShape) for \(shape)")
            s[i] = count / known
        }
        precondition(Shape.count(s) == count, "reshape: \(shape) (\(count) elements) cannot become \(newShape)")
        return record(.reshape, [self], Tensor(shape: s, storage: storage))
    }

    /// Reorders axes: output axis `i` is input axis `perm[i]` (copies).
    public func permuted(_ perm: [Int]) -> Tensor {
        precondition(perm.sorted() == Array(0..<rank), "permute: \(perm) is not a permutation of the \(rank) axes of \(shape)")
        return record(.permute(perm), [self], permuteRaw(detached, perm))
    }

    /// Swaps two axes (copies; for a matrix product prefer the `transpose` flags of ``matmul(_:_:transposeA:transposeB:)``).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        let a = Shape.axis(a, rank: rank, op: "transpose"), b = Shape.axis(b, rank: rank, op: "transpose")
        var p = Array(0..<rank)
        p.swapAt(a, b)
        return permuted(p)
    }

    /// Elements `range` along `axis` (copies).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[ax],
                     "slice: range \(range) out of bounds for axis \(axis) of \(shape)")
        let (outer, dim, inner) = Shape.around(shape, axis: ax)
        var outShape = shape
        outShape[ax] = range.count
        let y = Tensor(uninitialized: outShape)
        let n = range.count * inner
        for o in 0..<outer { (y.ptr + o * n).update(from: ptr + o * dim * inner + range.lowerBound * inner, count: n) }
        return record(.slice(axis: ax, start: range.lowerBound), [self], y)
    }

    /// Splits along `axis` into pieces of the given sizes (which must add up to the axis).
    public func split(axis: Int, sizes: [Int]) -> [Tensor] {
        let ax = Shape.axis(axis, rank: rank, op: "split")
        precondition(sizes.reduce(0, +) == shape[ax], "split: sizes \(sizes) do not add up to \(shape[ax]) (axis \(axis) of \(shape))")
        var start = 0
        return sizes.map { n in defer { start += n }; return slice(axis: ax, start..<(start + n)) }
    }

    /// Rotates elements along each axis in `axes` by the matching shift, like `torch.roll`:
    /// element `i` moves to `(i + shift) mod n`. Used for shifted windows.
    public func rolled(shifts: [Int], axes: [Int]) -> Tensor {
        precondition(shifts.count == axes.count, "roll: \(shifts.count) shifts for \(axes.count) axes")
        let ax = axes.map { Shape.axis($0, rank: rank, op: "roll") }
        return record(.roll(shifts: shifts, axes: ax), [self], rollRaw(detached, shifts: shifts, axes: ax))
    }

    /// Pads `axis` with `before` and `after` elements equal to `value` (the gradient ignores them).
    public func padded(axis: Int, before: Int, after: Int, value: Float = 0) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "pad")
        precondition(before >= 0 && after >= 0, "pad: negative padding \(before), \(after)")
        let (outer, dim, inner) = Shape.around(shape, axis: ax)
        var outShape = shape
        outShape[ax] = dim + before + after
        let y = Tensor(repeating: value, shape: outShape)
        let n = dim * inner, m = outShape[ax] * inner
        for o in 0..<outer { (y.ptr + o * m + before * inner).update(from: ptr + o * n, count: n) }
        return record(.pad(axis: ax, before: before), [self], y)
    }
}

func rollRaw(_ x: Tensor, shifts: [Int], axes: [Int]) -> Tensor {
    var cur = x
    for (s, ax) in zip(shifts, axes) {
        let (outer, dim, inner) = Shape.around(cur.shape, axis: ax)
        let k = ((s % max(dim, 1)) + dim) % max(dim, 1)
        if k == 0 { continue }
        let y = Tensor(uninitialized: cur.shape)
        for o in 0..<outer {
            let src = cur.ptr + o * dim * inner, dst = y.ptr + o * dim * inner
            // x[0..<dim-k] → y[k..<dim]; x[dim-k..<dim] → y[0..<k]
            (dst + k * inner).update(from: src, count: (dim - k) * inner)
            dst.update(from: src + (dim - k) * inner, count: k * inner)
        }
        cur = y
    }
    return cur
}

/// Joins tensors along `axis`; all other axes must match.
public func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concat: no tensors")
    let first = tensors[0]
    let ax = Shape.axis(axis, rank: first.rank, op: "concat")
    for t in tensors {
        var a = t.shape, b = first.shape
        precondition(a.count == b.count, "concat: ranks differ: \(t.shape) vs \(first.shape)")
        a[ax] = 0; b[ax] = 0
        precondition(a == b, "concat: shapes \(t.shape) and \(first.shape) differ outside axis \(axis)")
    }
    let total = tensors.reduce(0) { $0 + $1.shape[ax] }
    var outShape = first.shape
    outShape[ax] = total
    let (outer, _, inner) = Shape.around(outShape, axis: ax)
    let y = Tensor(uninitialized: outShape)
    var offset = 0
    for t in tensors {
        let n = t.shape[ax] * inner
        for o in 0..<outer { (y.ptr + o * total * inner + offset).update(from: t.ptr + o * n, count: n) }
        offset += n
    }
    return record(.concat(axis: ax), tensors, y)
}

func concatBackward(g: Tensor, axis: Int, shapes: [[Int]], needs: [Bool]) -> [Tensor?] {
    var start = 0
    return shapes.enumerated().map { i, s in
        defer { start += s[axis] }
        return needs[i] ? g.detached.slice(axis: axis, start..<(start + s[axis])) : nil
    }
}
