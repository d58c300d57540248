/// Sum reductions. Every output element is summed in a fixed order, so results do not depend on
/// how work is split across threads.
enum ReduceKernel {
    /// Sums `x` viewed as `[outer, dim, inner]` over the middle axis into `y` (`[outer, inner]`).
    static func sumMiddle(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, outer: Int, dim: Int, inner: Int) {
        let xp = SendablePointer(UnsafeMutablePointer(mutating: x)), yp = SendablePointer(y)
        if inner == 1 {
            parallelFor(outer, grain: max(1, 32_768 / max(dim, 1))) { r in
                for o in r { yp.p[o] = horizontalSum(xp.p + o &* dim, dim) }
            }
            return
        }
        if outer >= TensorThreads.count * 2 || inner < 64 {
            parallelFor(outer, grain: max(1, 32_768 / max(dim &* inner, 1))) { r in
                for o in r { sumRows(xp.p + o &* dim &* inner, yp.p + o &* inner, rows: dim, cols: inner, stride: inner, colRange: 0..<inner) }
            }
        } else {
            for o in 0..<outer {
                parallelFor(inner, grain: max(8, 32_768 / max(dim, 1))) { r in
                    // Keep chunk starts SIMD-aligned in the row.
                    sumRows(xp.p + o &* dim &* inner, yp.p + o &* inner, rows: dim, cols: inner, stride: inner, colRange: r)
                }
            }
        }
    }

    /// y[c] = Σ_r x[r·stride + c] for c in `colRange`, row by row (streaming through `x`, with
    /// `y` as the accumulator; each column is summed in row order whatever the split).
    @inline(__always)
    static func sumRows(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, stride: Int, colRange: Range<Int>) {
        let lo = colRange.lowerBound, n = colRange.count
        guard rows > 0 else { (y + lo).update(repeating: 0, count: n); return }
        (y + lo).update(from: x + lo, count: n)
        var r = 1
        while r < rows {
            let row = x + (r &* stride &+ lo), acc = y + lo
            var c = 0
            while c &+ 8 <= n {
                VectorMath.store(VectorMath.load(acc + c) + VectorMath.load(row + c), acc + c)
                c &+= 8
            }
            while c < n { acc[c] += row[c]; c &+= 1 }
            r &+= 1
        }
    }

    /// Σ x[0..<n] with eight independent lanes.
    @inline(__always)
    static func horizontalSum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = V8(repeating: 0)
        var i = 0
        while i &+ 8 <= n { acc += VectorMath.load(x + i); i &+= 8 }
        if i < n { acc += VectorMath.loadPartial(x + i, n &- i) }
        return VectorMath.sum(acc)
    }

    /// Σ x[i]·y[i].
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = V8(repeating: 0)
        var i = 0
        while i &+ 8 <= n { acc += VectorMath.load(x + i) * VectorMath.load(y + i); i &+= 8 }
        if i < n { acc += VectorMath.loadPartial(x + i, n &- i) * VectorMath.loadPartial(y + i, n &- i) }
        return VectorMath.sum(acc)
    }
}

extension Tensor {
    /// Sums this tensor down to `target` (a shape it was broadcast from): the gradient of a
    /// broadcast. Not recorded.
    func sumTo(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        if Shape.count(target) == count { return Tensor(shape: target, storage: storage) }
        let padded = [Int](repeating: 1, count: rank - target.count) + target
        var cur = self
        // Reduce runs of axes where the target has size 1, outermost first.
        var axis = 0
        while axis < cur.rank {
            if padded[axis] == 1 && cur.shape[axis] != 1 {
                var end = axis
                while end + 1 < cur.rank && padded[end + 1] == 1 && cur.shape[end + 1] != 1 { end += 1 }
                let outer = Shape.count(Array(cur.shape[..<axis]))
                let dim = Shape.count(Array(cur.shape[axis...end]))
                let inner = Shape.count(Array(cur.shape[(end + 1)...]))
                var newShape = cur.shape
                for k in axis...end { newShape[k] = 1 }
                let y = Tensor(uninitialized: newShape)
                ReduceKernel.sumMiddle(cur.ptr, y.ptr, outer: outer, dim: dim, inner: inner)
                cur = y
                axis = end + 1
            } else {
                axis += 1
            }
        }
        return Tensor(shape: target, storage: cur.storage)
    }

    /// `self += other` element-wise (same shape), copying first if the storage is shared.
    mutating func addInPlace(_ other: Tensor) {
        precondition(shape == other.shape, "addInPlace: \(shape) vs \(other.shape)")
        let o = other.ptr
        withUnsafeMutableBufferPointer { b in map2(b.baseAddress!, o, b.baseAddress!, b.count, Add()) }
    }
}
