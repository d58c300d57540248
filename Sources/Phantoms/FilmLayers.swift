import Radiology
internal import Foundation

/// The four rasters a phantom is built from, in the canonical (unrotated) frame, and the passes
/// that fill and combine them. The film's attenuation at a pixel is
///
///     D = tissue + air · (1 − fill) · (marking − airDensity)
///
/// where `tissue` is soft tissue, bone, metal and the trachea's air (additive), `air` is the
/// aerated lung's thickness (0 outside the lungs), `fill` the fraction of that air replaced by
/// fluid or tissue (effusion, consolidation, nodules) and `marking` the vessels, which only show
/// where lung is aerated. The brightness is `1 − exp(−exposure · D)`, as on a film.
final class FilmLayers {
    static let airDensity: Float = 0.78

    let width: Int
    let height: Int
    let tissue: DensityLayer
    let air: DensityLayer
    let marking: DensityLayer
    let fill: DensityLayer

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        tissue = DensityLayer(width: width, height: height)
        air = DensityLayer(width: width, height: height)
        marking = DensityLayer(width: width, height: height)
        fill = DensityLayer(width: width, height: height)
    }

    /// Body outline, lungs (apex, lateral border, mediastinum, heart, diaphragm domes) and spine:
    /// every smooth field of the anatomy, one pass over the film. Everything that depends only on
    /// the column (apex and dome heights) or only on the row is computed once; the inner loop is
    /// Float arithmetic on unsafe buffers (DESIGN.md §6).
    func paintFields(_ a: ChestAnatomy) {
        let w = width, h = height
        let t = tissue.pixels.baseAddress!, l = air.pixels.baseAddress!
        let scale = Float(w)  // one pixel is the soft-edge width: distances × scale
        let mid = a.midlineX
        // Per column: distance from the midline, apex and dome heights (in pixels of y × scale).
        var distance = [Float](repeating: 0, count: w), signed = [Float](repeating: 0, count: w)
        var apexTop = [Float](repeating: 0, count: w), domeTop = [Float](repeating: 0, count: w)
        var abdomenTop = [Float](repeating: 0, count: w)
        for col in 0..<w {
            let dx = (Double(col) + 0.5) / Double(w) - mid, d = abs(dx)
            signed[col] = Float(dx)
            distance[col] = Float(d)
            apexTop[col] = Float(a.apex(d))
            domeTop[col] = Float(a.dome(d, dx < 0 ? .right : .left))
            // The abdomen starts under the domes, blended across the midline (no seam).
            let blend = min(1, max(0, (dx + 0.08) / 0.16))
            abdomenTop[col] = Float(a.dome(d, .right) * (1 - blend) + a.dome(d, .left) * blend)
        }
        let domeHigh = Float(min(a.domeY(.right), a.domeY(.left)) - 0.02)
        distance.withUnsafeBufferPointer { dist in
        signed.withUnsafeBufferPointer { sdx in
        apexTop.withUnsafeBufferPointer { apex in
        domeTop.withUnsafeBufferPointer { dome in
        abdomenTop.withUnsafeBufferPointer { abdomen in
            for row in 0..<h {
                let yd = (Double(row) + 0.5) / Double(h)
                let y = Float(yd)
                let inverseHalf = Float(1 / a.body(yd))
                let latR = Float(a.lateral(yd, .right)), latL = Float(a.lateral(yd, .left))
                let medR = Float(a.medial(yd, .right)), medL = Float(a.medial(yd, .left))
                let chord = a.heartChord(yd)
                let heartLeft = Float((chord?.0 ?? 2) - mid), heartRight = Float((chord?.1 ?? -2) - mid)
                let vertebra = (yd - a.apexY) / a.ribSpacing + 0.3
                let disc: Float = vertebra - vertebra.rounded(.down) < 0.14 ? 0.55 : 1
                let spine = 0.13 * disc
                // Soft tissue overlying the lower chest (pectoral and breast shadows) whitens the bases.
                let basal = 0.12 * clampUnit((y - 0.42) / 0.25)
                let abdomenRow = y > domeHigh
                let base = row &* w
                for col in 0..<w {
                    let dx = sdx[col], d = dist[col]
                    let q = dx * inverseHalf
                    let q2 = q * q
                    guard q2 < 1 else { t[base &+ col] = 0; l[base &+ col] = 0; continue }
                    let thickness = (1 - q2 * q2).squareRoot()  // a rounded box: chest walls are thick
                    var density = thickness * (1 + basal)
                    if d < 0.045 { density += spine * thickness * min(1, max(0, (0.034 - d) * 125)) }
                    if abdomenRow { density += 0.28 * thickness * min(1, max(0, (y - abdomen[col]) * 25)) }
                    t[base &+ col] = density
                    let right = dx < 0
                    let lat = right ? latR : latL, med = right ? medR : medL
                    var m = clampUnit((lat - d) * scale + 0.5) * clampUnit((d - med) * scale + 0.5)
                    m *= clampUnit((y - apex[col]) * scale + 0.5) * clampUnit((dome[col] - y) * scale + 0.5)
                    if m > 0, dx > heartLeft - 1 / scale, dx < heartRight + 1 / scale {
                        m *= 1 - clampUnit(min(dx - heartLeft, heartRight - dx) * scale + 0.5)
                    }
                    l[base &+ col] = m * thickness * (0.88 + 0.12 * thickness)
                }
            }
        }}}}}
    }

    /// Combines the layers into attenuation, in place in `tissue`.
    func compose() {
        let n = width &* height
        let t = tissue.pixels.baseAddress!, l = air.pixels.baseAddress!
        let m = marking.pixels.baseAddress!, f = fill.pixels.baseAddress!
        let airDensity = FilmLayers.airDensity
        for i in 0..<n {
            let aerated = l[i] * (1 - min(1, max(0, f[i])))
            t[i] += aerated * (m[i] - airDensity)
        }
    }

    /// Rotates the composed film about its centre, applies the film's tone curve and quantum
    /// noise, and returns 16-bit grey samples. Per row, a scalar loop samples the rotated film
    /// (bilinear) and a second loop, free of calls and table look-ups so that it vectorises, does
    /// the tone curve `1 − exp(−exposure · D)` and adds noise with a standard deviation of
    /// `noise · √brightness` (quantum noise), drawn from a counter-based hash of the pixel index.
    func develop(rotationDegrees: Double, exposure: Double, noise: Double, seed: UInt64) -> [UInt16] {
        let w = width, h = height
        let src = tissue.pixels.baseAddress!
        var out = [UInt16](repeating: 0, count: w * h)
        var line = [Float](repeating: 0, count: w)
        let angle = rotationDegrees * Double.pi / 180
        let c = Float(cos(angle)), s = Float(sin(angle))
        let cx = Float(w) / 2 - 0.5, cy = Float(h) / 2 - 0.5
        let gain = Float(exposure) * 1.442_695, sigma = Float(noise)  // gain in log2 units
        let key = UInt32(truncatingIfNeeded: seed) ^ UInt32(truncatingIfNeeded: seed >> 32)
        let lanes = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
        line.withUnsafeMutableBufferPointer { lineBuffer in
        out.withUnsafeMutableBufferPointer { buffer in
            let d = lineBuffer.baseAddress!, o = buffer.baseAddress!
            for row in 0..<h {
                let ry = Float(row) - cy
                var sx = -c * cx + s * ry + cx, sy = s * cx + c * ry + cy
                for col in 0..<w {
                    // Inverse rotation: where in the canonical frame this pixel comes from.
                    var density: Float = 0
                    if sx >= 0, sy >= 0, sx < Float(w - 1), sy < Float(h - 1) {
                        let x0 = Int(sx), y0 = Int(sy)
                        let fx = sx - Float(x0), fy = sy - Float(y0)
                        let p = y0 &* w &+ x0
                        let upper = src[p] + (src[p &+ 1] - src[p]) * fx
                        let lower = src[p &+ w] + (src[p &+ w &+ 1] - src[p &+ w]) * fx
                        density = upper + (lower - upper) * fy
                    }
                    d[col] = density
                    sx += c
                    sy -= s
                }
                // Eight pixels at a time (explicit SIMD: AVX2 with the release flags), then the tail.
                let base = UInt32(truncatingIfNeeded: row &* w)
                var col = 0
                while col &+ 8 <= w {
                    let density = UnsafeRawPointer(d + col).loadUnaligned(as: SIMD8<Float>.self)
                    let index = (SIMD8<UInt32>(repeating: base &+ UInt32(truncatingIfNeeded: col)) &+ lanes) &* 2
                    let value = filmValue(density, index: index, gain: gain, sigma: sigma, key: key)
                    UnsafeMutableRawPointer(o.advanced(by: row &* w &+ col)).storeBytes(of: value, as: SIMD8<UInt16>.self)
                    col &+= 8
                }
                while col < w {
                    let index = (base &+ UInt32(truncatingIfNeeded: col)) &* 2
                    let value = filmValue(SIMD8<Float>(repeating: d[col]), index: SIMD8<UInt32>(repeating: index),
                                          gain: gain, sigma: sigma, key: key)
                    o[row &* w &+ col] = value[0]
                    col &+= 1
                }
            }
        }}
        return out
    }
}

/// Film brightness for eight attenuation values: the tone curve `1 − 2^(−gain·(D + 0.035))` and
/// quantum noise `sigma · √brightness · N(0, 1)`, the normal deviate an Irwin–Hall(4) sum from
/// two hashes of the pixel index. Only arithmetic on SIMD vectors: no calls, no table look-ups.
@inline(__always) func filmValue(_ density: SIMD8<Float>, index: SIMD8<UInt32>, gain: Float, sigma: Float,
                                 key: UInt32) -> SIMD8<UInt16> {
    let t = gain * (density.replacing(with: 0, where: density .< 0) + 0.035)
    let tone = 1 - exp2Negative(t)
    let h1 = hash32(index ^ key), h2 = hash32((index &+ 1) ^ key)
    let sum = (h1 & 0xffff) &+ (h1 &>> 16) &+ (h2 & 0xffff) &+ (h2 &>> 16)
    let normal = (SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: sum)) * (1 / 65536) - 2) * 1.732_050_8
    var value = tone + sigma * tone.squareRoot() * normal
    value = value.replacing(with: 0, where: value .< 0).replacing(with: 1, where: value .> 1)
    return SIMD8<UInt16>(truncatingIfNeeded: roundedBits(value * 65535))
}

/// 2^(−t) for t ≥ 0, from the exponent bits and a degree-5 Taylor polynomial on [−½, ½]
/// (relative error < 3e-6).
@inline(__always) func exp2Negative(_ t: SIMD8<Float>) -> SIMD8<Float> {
    let x = -t.replacing(with: 126, where: t .> 126)
    let shifted: SIMD8<Float> = x + 12_582_912
    let whole: SIMD8<Float> = shifted - 12_582_912  // round(x), so f is in [−½, ½]
    let f = x - whole
    var p = 0.001_333_355 * f + 0.009_618_13
    p = p * f + 0.055_504_11
    p = p * f + 0.240_226_5
    p = p * f + 0.693_147_2
    p = p * f + 1
    let exponent = (roundedBits(whole + 127) & 0xff) &<< 23
    return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
}

/// The nearest integers to `v` (0 ≤ v < 2²²) read from the floats' bits after adding 1.5·2²³:
/// a conversion without range checks.
@inline(__always) func roundedBits(_ v: SIMD8<Float>) -> SIMD8<UInt32> {
    unsafeBitCast(v + 12_582_912, to: SIMD8<UInt32>.self) & 0x3f_ffff
}

/// A 32-bit integer hash (lowbias32) per lane, for per-pixel noise that does not depend on order.
@inline(__always) func hash32(_ value: SIMD8<UInt32>) -> SIMD8<UInt32> {
    var x = value
    x ^= x &>> 16
    x &*= 0x7feb_352d
    x ^= x &>> 15
    x &*= 0x846c_a68b
    x ^= x &>> 16
    return x
}

/// Clamps to 0…1.
@inline(__always) func clampUnit(_ v: Float) -> Float { min(1, max(0, v)) }

/// 0 below -½, 1 above ½, linear between: a one-unit soft edge.
@inline(__always) func ramp(_ v: Double) -> Double { min(1, max(0, v + 0.5)) }
