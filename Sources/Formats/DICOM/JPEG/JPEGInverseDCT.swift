import Foundation

/// The 8×8 inverse DCT (T.81 A.3.3) in single-precision floating point, as a separable product
/// with the cosine basis: rows first, then columns, eight lanes at a time.
///
/// A direct product rather than a fast factorisation (AAN, Loeffler) because 12-bit images need
/// accuracy more than the last factor of speed: each output is a sum over the exact basis values,
/// so it is within a rounding step of the mathematical IDCT; libjpeg's integer IDCT lands within
/// one grey level of it. Rows that hold no coefficient are skipped, which is most of them in a
/// medical image, and a block with only a DC term is a single fill.
struct JPEGInverseDCT {
    /// basis·[u] lane x = C(u)/2 · cos((2x+1)uπ/16), C(0) = 1/√2.
    private let b0: SIMD8<Float>, b1: SIMD8<Float>, b2: SIMD8<Float>, b3: SIMD8<Float>
    private let b4: SIMD8<Float>, b5: SIMD8<Float>, b6: SIMD8<Float>, b7: SIMD8<Float>
    private let levelShift: Float
    private let maximum: Float

    init(precision: Int) {
        func column(_ u: Int) -> SIMD8<Float> {
            var vector = SIMD8<Float>()
            let scale = u == 0 ? (0.5).squareRoot() / 2 : 0.5
            for x in 0..<8 {
                vector[x] = Float(scale * cos(Double((2 * x + 1) * u) * Double.pi / 16))
            }
            return vector
        }
        b0 = column(0); b1 = column(1); b2 = column(2); b3 = column(3)
        b4 = column(4); b5 = column(5); b6 = column(6); b7 = column(7)
        levelShift = Float(1 << (precision - 1))
        maximum = Float((1 << precision) - 1)
    }

    /// Transforms dequantised coefficients (natural order) into samples: level-shifted by
    /// 2^(P−1), rounded and clamped to 0…2^P−1. `rows` has bit v set when row v has a non-zero
    /// coefficient; bit 8 when any AC coefficient is non-zero.
    @inline(__always)
    func transform(_ coefficients: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<UInt16>, stride: Int) {
        if rows & 0x100 == 0 {
            // DC only: every sample is F(0,0)/8.
            let fill = UInt16(min(max(coefficients[0] * 0.125 + levelShift + 0.5, 0), maximum))
            for y in 0..<8 {
                let row = output + y * stride
                for x in 0..<8 { row[x] = fill }
            }
            return
        }
        // Pass 1: each coefficient row becomes a row of horizontal sums, lane x.
        var g0 = SIMD8<Float>(), g1 = SIMD8<Float>(), g2 = SIMD8<Float>(), g3 = SIMD8<Float>()
        var g4 = SIMD8<Float>(), g5 = SIMD8<Float>(), g6 = SIMD8<Float>(), g7 = SIMD8<Float>()
        if rows & 0x01 != 0 { g0 = horizontal(coefficients) }
        if rows & 0x02 != 0 { g1 = horizontal(coefficients + 8) }
        if rows & 0x04 != 0 { g2 = horizontal(coefficients + 16) }
        if rows & 0x08 != 0 { g3 = horizontal(coefficients + 24) }
        if rows & 0x10 != 0 { g4 = horizontal(coefficients + 32) }
        if rows & 0x20 != 0 { g5 = horizontal(coefficients + 40) }
        if rows & 0x40 != 0 { g6 = horizontal(coefficients + 48) }
        if rows & 0x80 != 0 { g7 = horizontal(coefficients + 56) }
        // Pass 2: output row y = Σ_v basis_v[y] · g_v.
        // Rounding half up then truncating: Float→integer conversion of a whole SIMD vector is
        // generic (slow) in Swift, the scalar one a single instruction.
        let low = SIMD8<Float>(repeating: 0), high = SIMD8<Float>(repeating: maximum)
        let shift = SIMD8<Float>(repeating: levelShift + 0.5)
        for y in 0..<8 {
            var sum = shift
            sum += g0 * b0[y]
            sum += g1 * b1[y]
            sum += g2 * b2[y]
            sum += g3 * b3[y]
            sum += g4 * b4[y]
            sum += g5 * b5[y]
            sum += g6 * b6[y]
            sum += g7 * b7[y]
            let clamped = sum.clamped(lowerBound: low, upperBound: high)
            let row = output + y * stride
            for x in 0..<8 { row[x] = UInt16(clamped[x]) }
        }
    }

    @inline(__always)
    private func horizontal(_ row: UnsafePointer<Float>) -> SIMD8<Float> {
        var sum = b0 * row[0]
        sum += b1 * row[1]
        sum += b2 * row[2]
        sum += b3 * row[3]
        sum += b4 * row[4]
        sum += b5 * row[5]
        sum += b6 * row[6]
        sum += b7 * row[7]
        return sum
    }
}
