internal import Foundation

/// A float raster in the phantom's canonical (unrotated) frame, with the drawing primitives the
/// anatomy and finding painters use. Coordinates given to the primitives are normalised (x across
/// and y down the film, 0…1); lengths such as widths and radii are fractions of the film width.
///
/// Hot loops run on an unsafe buffer with wrapping arithmetic (DESIGN.md §6).
final class DensityLayer {
    let width: Int
    let height: Int
    let pixels: UnsafeMutableBufferPointer<Float>

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = .allocate(capacity: width * height)
        pixels.initialize(repeating: 0)
    }

    deinit { pixels.deallocate() }

    func clear() { pixels.update(repeating: 0) }

    /// How a primitive combines with what is already there.
    enum Blend { case add, max, min }

    /// Normalised x or length to pixels.
    @inline(__always) func px(_ x: Double) -> Double { x * Double(width) - 0.5 }
    @inline(__always) func py(_ y: Double) -> Double { y * Double(height) - 0.5 }

    @inline(__always) private func put(_ index: Int, _ value: Float, _ blend: Blend) {
        switch blend {
        case .add: pixels[index] += value
        case .max: pixels[index] = Swift.max(pixels[index], value)
        case .min: pixels[index] = Swift.min(pixels[index], value)
        }
    }

    /// A straight capsule from `a` to `b` whose width tapers from `w0` to `w1` (full widths,
    /// fractions of the film width). `value` is the centre value; the profile is a rounded tube
    /// (`tube`, like a catheter seen side-on), a blurred tube (`soft`, a vessel) or flat with soft edges.
    func segment(_ a: (Double, Double), _ b: (Double, Double), w0: Double, w1: Double,
                 value: Float, blend: Blend, tube: Bool = true, soft: Bool = false) {
        let scale = Double(width)
        let ax = px(a.0), ay = py(a.1), bx = px(b.0), by = py(b.1)
        let r0 = max(w0 * scale / 2, 0.5), r1 = max(w1 * scale / 2, 0.5)
        let rmax = max(r0, r1) + 1
        let x0 = max(0, Int((min(ax, bx) - rmax).rounded(.down)))
        let x1 = min(width - 1, Int((max(ax, bx) + rmax).rounded(.up)))
        let y0 = max(0, Int((min(ay, by) - rmax).rounded(.down)))
        let y1 = min(height - 1, Int((max(ay, by) + rmax).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let dx = bx - ax, dy = by - ay
        let length2 = max(dx * dx + dy * dy, 1e-9)
        for y in y0...y1 {
            let row = y &* width
            let fy = Double(y) - ay
            for x in x0...x1 {
                let fx = Double(x) - ax
                let t = min(1, max(0, (fx * dx + fy * dy) / length2))
                let ex = fx - t * dx, ey = fy - t * dy
                let d = (ex * ex + ey * ey).squareRoot()
                let r = r0 + (r1 - r0) * t
                guard d < r + 0.5 else { continue }
                var v: Double
                if soft {
                    let q = min(1, d / (r + 0.5))
                    v = (1 - q * q) * (1 - q * q)
                } else if tube {
                    let q = min(1, d / (r + 0.5))
                    v = (1 - q * q).squareRoot()
                } else {
                    v = min(1, r + 0.5 - d)
                }
                put(row &+ x, value * Float(v), blend)
            }
        }
    }

    /// A polyline drawn as consecutive tapered capsules.
    func polyline(_ points: [(Double, Double)], w0: Double, w1: Double, value: Float,
                  blend: Blend, tube: Bool = true) {
        guard points.count > 1 else { return }
        let n = Double(points.count - 1)
        for i in 0..<(points.count - 1) {
            let t0 = Double(i) / n, t1 = Double(i + 1) / n
            segment(points[i], points[i + 1], w0: w0 + (w1 - w0) * t0, w1: w0 + (w1 - w0) * t1,
                    value: value, blend: blend, tube: tube)
        }
    }

    /// A soft-edged filled ellipse centred at `c` with radii `rx`, `ry` (fractions of the film
    /// width), turned by `angle` radians. `edge` is the width of the soft rim as a fraction of the
    /// radius; `dome` makes the value fall off towards the rim like a sphere's thickness.
    func ellipse(_ c: (Double, Double), rx: Double, ry: Double, angle: Double = 0, value: Float,
                 edge: Double = 0.15, dome: Bool = false, blend: Blend) {
        let scale = Double(width)
        let cx = px(c.0), cy = py(c.1), ax = rx * scale, ay = ry * scale
        let reach = max(ax, ay) + 1
        let x0 = max(0, Int(cx - reach)), x1 = min(width - 1, Int(cx + reach) + 1)
        let y0 = max(0, Int(cy - reach)), y1 = min(height - 1, Int(cy + reach) + 1)
        guard x0 <= x1, y0 <= y1 else { return }
        let cosA = cos(angle), sinA = sin(angle)
        let soft = max(edge, 1.5 / max(ax, ay))
        for y in y0...y1 {
            let row = y &* width
            let fy = Double(y) - cy
            for x in x0...x1 {
                let fx = Double(x) - cx
                let u = (fx * cosA + fy * sinA) / ax, w = (-fx * sinA + fy * cosA) / ay
                let r = (u * u + w * w).squareRoot()
                guard r < 1 else { continue }
                var v = min(1, (1 - r) / soft)
                if dome { v *= (1 - r * r).squareRoot() }
                put(row &+ x, value * Float(v), blend)
            }
        }
    }

    /// A band along a curve that is a function of x (a rib, a clavicle): for each column between
    /// `x0` and `x1` the centre is `centre(x)` and the half-thickness `half(x)` (fractions of the
    /// film width); `profile` maps the signed offset across the band (-1…1) to a value.
    func band(x0: Double, x1: Double, centre: (Double) -> Double, half: (Double) -> Double,
              profile: (Float) -> Float, amplitude: (Double) -> Float) {
        let c0 = max(0, Int(px(min(x0, x1)))), c1 = min(width - 1, Int(px(max(x0, x1))))
        guard c0 <= c1 else { return }
        let scale = Double(width)
        for col in c0...c1 {
            let nx = (Double(col) + 0.5) / scale
            let amp = amplitude(nx)
            guard amp != 0 else { continue }
            let slope = (centre(nx + 0.0005) - centre(nx - 0.0005)) / 0.001 * Double(height) / scale
            let h = max(0.8, half(nx) * scale * min(2, (1 + slope * slope).squareRoot()))
            let cy = py(centre(nx))
            let r0 = max(0, Int(cy - h - 1)), r1 = min(height - 1, Int(cy + h + 1))
            guard r0 <= r1 else { continue }
            for row in r0...r1 {
                let s = (Double(row) - cy) / h
                guard abs(s) < 1 else { continue }
                pixels[row &* width &+ col] += amp * profile(Float(s))
            }
        }
    }
}
