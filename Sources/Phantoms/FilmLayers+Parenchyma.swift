import Radiology
internal import Foundation

/// Lung parenchyma findings: consolidation, pneumonia, atelectasis, edema, nodules and masses,
/// and nonspecific opacity. All of them replace aerated lung (`fill`), so vessels fade inside
/// them and the heart or diaphragm border they touch is lost (the silhouette sign).
extension FilmLayers {
    /// A random point inside the lung, clear of the heart, within the vertical `zone` (0 apex … 1 base).
    func pointInLung(_ a: ChestAnatomy, _ side: BodySide, zone: ClosedRange<Double>, margin: Double,
                     random: inout RandomSource) -> (Double, Double) {
        let bottom = a.domeY(side)
        for _ in 0..<200 {
            let d = random.uniform(0.1...0.95) * a.thoraxHalfWidth
            let y = a.apexY + random.uniform(zone) * (bottom - a.apexY)
            let x = a.midlineX + side.sign * d
            let inside = [(0.0, 0.0), (margin, 0), (-margin, 0), (0, margin), (0, -margin)].allSatisfy {
                a.inLung(x + $0.0, y + $0.1, side)
            }
            let hq = (y - a.heartCentreY) / a.heartHalfHeight, hx = (x - a.heartCentreX) / (a.heartHalfWidth + margin)
            if inside, hq * hq + hx * hx > 1 { return (x, y) }
        }
        return (a.midlineX + side.sign * 0.6 * a.thoraxHalfWidth, a.apexY + 0.5 * (bottom - a.apexY))
    }

    /// Dense lobar opacity bounded by a fissure, with air bronchograms.
    func paintConsolidation(_ a: ChestAnatomy, lobe: Lobe, density: Double, random: inout RandomSource) {
        let f = fill.pixels
        let noise = ValueNoise(random: &random)
        let side = lobe.side
        let fissure = a.carinaY + 0.07 + random.uniform(-0.01...0.01)
        let oblique = a.carinaY + 0.11
        visit(x: hemithorax(a, side), y: (a.apexY - 0.01)...a.angleY(side)) { i, x, y in
            let u = (x - a.midlineX) * side.sign / a.thoraxHalfWidth
            var mask: Double
            switch lobe {
            case .rightUpper: mask = ramp((fissure - y) * 500)  // sharp horizontal fissure
            case .rightMiddle: mask = ramp((y - fissure) * 500) * ramp((0.62 - u) * 40) * ramp((a.domeY(side) - 0.02 - y) * 60)
            case .rightLower, .leftLower: mask = ramp((y - oblique - 0.12 * (1 - u)) * 50)
            case .leftUpper: mask = ramp((oblique + 0.05 - y) * 40)
            }
            guard mask > 0 else { return }
            let texture = 0.82 + 0.35 * Double(noise(x, y))
            f[i] = max(f[i], Float(min(1, density * mask * texture)))
        }
        // Air bronchograms: branching lucent tubes inside the opacity.
        let (hx, hy) = (a.midlineX + side.sign * (a.mediastinumHalfWidth + 0.03), lobe == .rightUpper || lobe == .leftUpper ? fissure - 0.03 : oblique + 0.04)
        for _ in 0..<random.int(3...5) {
            var point = (hx, hy)
            var angle = (side == .right ? Double.pi : 0) + side.sign * random.uniform(-0.6...0.6)
                * (lobe == .rightUpper || lobe == .leftUpper ? -1 : 1) + (lobe == .rightUpper || lobe == .leftUpper ? -side.sign * 0.5 : side.sign * 0.5)
            var w = 0.007
            for _ in 0..<4 {
                let length = random.uniform(0.03...0.05)
                let next = (point.0 + length * cos(angle), point.1 + length * sin(angle))
                fill.segment(point, next, w0: w, w1: w * 0.8, value: -0.75, blend: .add, tube: false)
                point = next
                angle += random.uniform(-0.35...0.35)
                w *= 0.78
            }
        }
    }

    /// Patchy, ill-defined opacities in several places (multifocal airspace disease).
    func paintPatches(_ a: ChestAnatomy, side: BodySide, count: Int, density: Double, zone: ClosedRange<Double>,
                      radius: ClosedRange<Double>, random: inout RandomSource) {
        let f = fill.pixels
        let noise = ValueNoise(random: &random, cells: 32)
        for k in 0..<count {
            let lung = side == .bilateral ? (k % 2 == 0 ? BodySide.right : .left) : side
            let r = random.uniform(radius)
            let (cx, cy) = pointInLung(a, lung, zone: zone, margin: r * 0.5, random: &random)
            let strength = density * random.uniform(0.8...1.1)
            visit(x: (cx - r * 1.6)...(cx + r * 1.6), y: (cy - r * 1.6)...(cy + r * 1.6)) { i, x, y in
                let dx = (x - cx) / r, dy = (y - cy) / (r * 0.85)
                let g = exp(-(dx * dx + dy * dy) * 1.4)
                let patchy = max(0, Double(noise(x, y)) * 1.7 - 0.35)
                f[i] = max(f[i], Float(min(1, strength * g * patchy * 1.8)))
            }
        }
    }

    /// Plate-like (discoid) atelectasis: a thin horizontal band above the raised hemidiaphragm.
    func paintBandAtelectasis(_ a: ChestAnatomy, side: BodySide, thickness: Double, random: inout RandomSource) {
        for lung in side.lungs {
            let d = random.uniform(0.45...0.6) * a.thoraxHalfWidth
            let y = a.dome(d, lung) - random.uniform(0.035...0.06)
            fill.ellipse((a.midlineX + lung.sign * d, y), rx: random.uniform(0.075...0.11), ry: thickness,
                         angle: lung.sign * random.uniform(0.05...0.2), value: 0.8, edge: 0.6, blend: .max)
        }
    }

    /// Bilateral perihilar haze ("bat wing") and septal (Kerley B) lines at the lateral bases.
    func paintEdema(_ a: ChestAnatomy, haze: Double, septalLines: Int, random: inout RandomSource) {
        let f = fill.pixels
        let noise = ValueNoise(random: &random)
        for lung in [BodySide.right, .left] {
            let cx = a.midlineX + lung.sign * (a.mediastinumHalfWidth + 0.07), cy = a.carinaY + 0.1
            visit(x: hemithorax(a, lung), y: (a.apexY)...(a.angleY(lung))) { i, x, y in
                let dx = (x - cx) / 0.14, dy = (y - cy) / 0.17
                let g = exp(-(dx * dx + dy * dy) * 1.2)
                let v = haze * g * (0.8 + 0.4 * Double(noise(x, y)))
                f[i] = max(f[i], Float(min(1, v)))
            }
            for _ in 0..<septalLines {
                let y = a.angleY(lung) - random.uniform(0.03...0.15)
                let edge = a.midlineX + lung.sign * a.lateral(y, lung)
                let length = random.uniform(0.018...0.03)
                fill.segment((edge, y), (edge - lung.sign * length, y + random.uniform(-0.002...0.002)),
                             w0: 0.0028, w1: 0.0024, value: 0.75, blend: .max)
            }
        }
    }

    /// A round nodule or a lobulated mass.
    func paintLesion(_ a: ChestAnatomy, side: BodySide, diameterMM: Double, density: Double,
                     random: inout RandomSource) -> (Double, Double) {
        let r = diameterMM / 430 / 2
        let centre = pointInLung(a, side, zone: 0.15...0.8, margin: r * 1.1, random: &random)
        let f = fill.pixels, t = tissue.pixels
        let phase = random.uniform(0...(2 * Double.pi)), lobulation = r > 0.03 ? 0.07 : 0.03
        visit(x: (centre.0 - r * 1.3)...(centre.0 + r * 1.3), y: (centre.1 - r * 1.3)...(centre.1 + r * 1.3)) { i, x, y in
            let dx = x - centre.0, dy = y - centre.1
            let theta = atan2(dy, dx)
            let edge = r * (1 + lobulation * (sin(5 * theta + phase) + 0.6 * sin(3 * theta - 2 * phase)))
            let q = (dx * dx + dy * dy).squareRoot() / edge
            guard q < 1.1 else { return }
            let v = min(1, max(0, (1.05 - q) / 0.12)) * density
            f[i] = max(f[i], Float(v))
            t[i] += Float(0.08 * v * max(0, 1 - q * q).squareRoot())
        }
        return centre
    }
}
