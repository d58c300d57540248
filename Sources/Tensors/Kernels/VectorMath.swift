/// Vectorised transcendental functions on `SIMD8<Float>` (Cephes-style range reduction plus
/// polynomials). glibc's scalar `expf`/`erff`/`tanhf` run ~25× slower (DESIGN.md §6). Accuracy:
/// `exp` ≈ 2 ulp on [−87, 88]; `erf` ≈ 1e-7 absolute (rational fit); `tanh` ≈ 3e-7 absolute (rational fit); `sigmoid` ≈ 1e-7 absolute.
typealias V8 = SIMD8<Float>

enum VectorMath {
    /// eˣ for x ≤ 88 (larger x saturates at e⁸⁸); 0 below −87.3 (where eˣ leaves the normal range).
    @_transparent
    static func exp(_ x0: V8) -> V8 {
        let x = minimum(maximum(x0, V8(repeating: -87.5)), V8(repeating: 88))
        let magic = V8(repeating: 12_582_912) // 1.5·2²³: adding it rounds to an integer
        let t = fma(x, V8(repeating: 1.442_695_04), magic)
        let n = t - magic
        let r = fma(n, V8(repeating: 2.121_944_4e-4), fma(n, V8(repeating: -0.693_359_375), x))
        var p = V8(repeating: 1.987_569_15e-4)
        p = fma(p, r, V8(repeating: 1.398_199_950_7e-3))
        p = fma(p, r, V8(repeating: 8.333_451_907_3e-3))
        p = fma(p, r, V8(repeating: 4.166_579_589_4e-2))
        p = fma(p, r, V8(repeating: 1.666_666_545_9e-1))
        p = fma(p, r, V8(repeating: 5.000_000_120_1e-1))
        let y = fma(p, r * r, r + 1)
        let ni = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((ni &+ 127) &<< 23, to: V8.self)
        return (y * scale).replacing(with: 0, where: x0 .< -87.3)
    }

    /// a·b + c, fused (one `vfmadd` with `-target-cpu haswell`; a lane loop in debug builds).
    @inline(__always)
    static func fma(_ a: V8, _ b: V8, _ c: V8) -> V8 { c.addingProduct(a, b) }

    /// tanh x as x·P(x²)/Q(x²) on x clamped to ±7.905 (Eigen's rational fit; max error 2.6e-7
    /// absolute, 1.3e-7 relative near 0): 11 FMAs and one division, no `exp`.
    @_transparent
    static func tanh(_ x0: V8) -> V8 {
        let x = minimum(maximum(x0, V8(repeating: -7.905_311_107_635_498)), V8(repeating: 7.905_311_107_635_498))
        let x2 = x * x
        var p = fma(x2, V8(repeating: -2.760_768_477_423_55e-16), V8(repeating: 2.000_187_904_824_77e-13))
        p = fma(x2, p, V8(repeating: -8.604_671_522_137_35e-11))
        p = fma(x2, p, V8(repeating: 5.122_297_090_371_14e-08))
        p = fma(x2, p, V8(repeating: 1.485_722_357_179_79e-05))
        p = fma(x2, p, V8(repeating: 6.372_619_288_754_36e-04))
        p = fma(x2, p, V8(repeating: 4.893_524_558_917_86e-03))
        var q = fma(x2, V8(repeating: 1.198_258_394_667_02e-06), V8(repeating: 1.185_347_056_866_54e-04))
        q = fma(x2, q, V8(repeating: 2.268_434_632_439_00e-03))
        q = fma(x2, q, V8(repeating: 4.893_525_185_543_85e-03))
        return x * p / q
    }

    /// 1 / (1 + e^(−x)).
    @_transparent
    static func sigmoid(_ x: V8) -> V8 { 1 / (1 + exp(-x)) }

    /// erf x as x·P(x²)/Q(x²) on x clamped to [−4, 4] (the rational fit used by Eigen and XLA;
    /// max error 6.5e-8 in exact arithmetic): 13 FMAs and one division, no `exp`.
    @_transparent
    static func erf(_ x0: V8) -> V8 {
        let x = minimum(maximum(x0, V8(repeating: -4)), V8(repeating: 4))
        let x2 = x * x
        var p = fma(x2, V8(repeating: -2.726_142_258_013_06e-10), V8(repeating: 2.770_681_424_959_02e-08))
        p = fma(x2, p, V8(repeating: -2.101_024_020_825_08e-06))
        p = fma(x2, p, V8(repeating: -5.692_506_394_623_46e-05))
        p = fma(x2, p, V8(repeating: -7.349_906_303_268_55e-04))
        p = fma(x2, p, V8(repeating: -2.954_599_808_540_25e-03))
        p = fma(x2, p, V8(repeating: -1.609_603_332_624_15e-02))
        var q = fma(x2, V8(repeating: -1.456_607_184_649_96e-05), V8(repeating: -2.133_740_552_789_05e-04))
        q = fma(x2, q, V8(repeating: -1.682_826_974_382_03e-03))
        q = fma(x2, q, V8(repeating: -7.373_329_167_204_68e-03))
        q = fma(x2, q, V8(repeating: -1.426_473_905_141_89e-02))
        return x * p / q
    }

    /// Lane-wise max/min as compare-and-select (the stdlib's `pointwiseMax`/`clamped` are not
    /// inlined and run lane by lane).
    @inline(__always)
    static func maximum(_ a: V8, _ b: V8) -> V8 { a.replacing(with: b, where: b .> a) }

    @inline(__always)
    static func minimum(_ a: V8, _ b: V8) -> V8 { a.replacing(with: b, where: b .< a) }

    /// Horizontal sum in a fixed order (pairwise halves).
    @inline(__always)
    static func sum(_ v: V8) -> Float {
        let h = v.lowHalf + v.highHalf
        let q = h.lowHalf + h.highHalf
        return q[0] + q[1]
    }

    /// Horizontal maximum.
    @inline(__always)
    static func max(_ v: V8) -> Float {
        let h = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
        let q = h.lowHalf.replacing(with: h.highHalf, where: h.highHalf .> h.lowHalf)
        return Swift.max(q[0], q[1])
    }

    /// |x| by clearing the sign bit.
    @inline(__always)
    static func absolute(_ x: V8) -> V8 {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: V8.self)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }

    @inline(__always)
    static func store(_ v: V8, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self) }

    /// Loads `n < 8` elements, padding with `fill`.
    @inline(__always)
    static func loadPartial(_ p: UnsafePointer<Float>, _ n: Int, fill: Float = 0) -> V8 {
        var v = V8(repeating: fill)
        for i in 0..<n { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func storePartial(_ v: V8, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { p[i] = v[i] }
    }
}
