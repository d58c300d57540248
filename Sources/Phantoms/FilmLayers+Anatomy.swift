internal import Foundation

/// A broken rib: which one, where along it, and how far the distal fragment is displaced.
struct RibFracture {
    var side: BodySide
    /// Posterior rib number, 1 (top) …
    var rib: Int
    /// Position along the rib as a fraction of the thoracic half-width from the midline.
    var position: Double
    /// Step of the distal fragment across the rib (fraction of film width; 0 = undisplaced).
    var offset: Double
    /// Width of the lucent fracture line (fraction of film width).
    var gap: Double
}

extension FilmLayers {
    /// Posterior and anterior ribs with their cortices, clavicles and humeral heads, drawn into
    /// `tissue`. A fracture interrupts one posterior rib's cortex and may offset its fragment.
    func paintSkeleton(_ a: ChestAnatomy, fracture: RibFracture?) {
        let width = a.thoraxHalfWidth, spacing = a.ribSpacing
        let cortex: (Float) -> Float = { s in
            let k = (abs(s) - 0.8) / 0.15
            return (0.45 + 0.7 * expf(-k * k)) * (1 - s * s * s * s)
        }
        for side in [BodySide.right, .left] {
            let sign = side.sign
            for rib in 1...11 {
                let y0 = a.apexY - 0.025 + Double(rib - 1) * spacing
                let broken = fracture.flatMap { $0.side == side && $0.rib == rib ? $0 : nil }
                let posterior: (Double) -> Double = { x in
                    let u = (x - a.midlineX) * sign / width
                    var y = y0 + spacing * (-0.7 * u + 2.6 * u * u * u)
                    if let broken, u > broken.position { y += broken.offset }
                    return y
                }
                let xs = [a.midlineX + sign * 0.03, a.midlineX + sign * 1.05 * width]
                tissue.band(x0: xs[0], x1: xs[1], centre: posterior, half: { _ in 0.2 * spacing },
                            profile: cortex, amplitude: { x in
                                let u = (x - a.midlineX) * sign / width
                                let base = Float(0.17 * min(1, (u - 0.06) / 0.12))
                                if let broken, abs(u - broken.position) * width < broken.gap / 2 { return -0.35 * base }
                                return base
                            })
                let yLateral = y0 + spacing * 1.9
                let anterior: (Double) -> Double = { x in
                    let u = (x - a.midlineX) * sign / width
                    return yLateral + 2.2 * spacing * (1.02 - u) / 0.72
                }
                let ax = [a.midlineX + sign * 0.3 * width, a.midlineX + sign * 1.02 * width]
                tissue.band(x0: ax[0], x1: ax[1], centre: anterior, half: { _ in 0.16 * spacing },
                            profile: cortex, amplitude: { x in
                                let u = (x - a.midlineX) * sign / width
                                return Float(0.075 * min(1, max(0, (u - 0.3) / 0.25)))
                            })
            }
            // Clavicle: from the sternal notch up and out to the acromion.
            let clavicle: (Double) -> Double = { x in
                let u = (x - a.midlineX) * sign / width
                return a.apexY + 0.05 - 0.12 * u + 0.035 * u * u
            }
            tissue.band(x0: a.midlineX + sign * 0.03, x1: a.midlineX + sign * 1.02 * width,
                        centre: clavicle, half: { _ in 0.012 }, profile: cortex, amplitude: { _ in 0.4 })
        }
    }

    /// Trachea and main bronchi (air columns over the mediastinum) and the gastric bubble.
    func paintAirways(_ a: ChestAnatomy) {
        let mid = a.midlineX
        tissue.segment((mid, 0.0), (mid, a.carinaY), w0: 0.032, w1: 0.028, value: -0.22, blend: .add, tube: false)
        tissue.segment((mid, a.carinaY), (mid - 0.055, a.carinaY + 0.055), w0: 0.02, w1: 0.015,
                       value: -0.16, blend: .add, tube: false)
        tissue.segment((mid, a.carinaY), (mid + 0.065, a.carinaY + 0.07), w0: 0.02, w1: 0.014,
                       value: -0.16, blend: .add, tube: false)
        let stomachX = mid + 0.55 * a.thoraxHalfWidth
        tissue.ellipse((stomachX, a.dome(0.55 * a.thoraxHalfWidth, .left) + 0.04), rx: 0.045, ry: 0.028,
                       value: -0.3, edge: 0.25, blend: .add)
    }

    /// Pulmonary vessels: trees branching from each hilum, tapering towards the periphery, drawn
    /// into `marking` (visible only where lung is aerated), over a faint mottle of vessels seen
    /// end-on.
    func paintVessels(_ a: ChestAnatomy, random: inout RandomSource) {
        let texture = ValueNoise(random: &random, cells: 48)
        let m = marking.pixels, lung = air.pixels
        visit(x: (a.midlineX - a.thoraxHalfWidth)...(a.midlineX + a.thoraxHalfWidth), y: a.apexY...a.leftAngleY) { i, x, y in
            if lung[i] > 0 { m[i] = 0.16 * max(0, texture.coarse(x, y) - 0.35) }
        }
        for side in [BodySide.right, .left] {
            let sign = side.sign
            let hilum = (a.midlineX + sign * (a.mediastinumHalfWidth + 0.035),
                         a.carinaY + (side == .right ? 0.075 : 0.06))
            let trunks = random.int(5...7)
            for k in 0..<trunks {
                // Fan from up-and-out to down-and-out (angle 0 = lateral).
                let spread = -1.25 + 2.35 * (Double(k) + random.uniform(0.2...0.8)) / Double(trunks)
                let angle = side == .right ? Double.pi - spread : spread
                branch(from: hilum, angle: angle, length: random.uniform(0.05...0.07),
                       width: random.uniform(0.011...0.015), depth: 5, side: side, anatomy: a, random: &random)
            }
        }
    }

    private func branch(from start: (Double, Double), angle: Double, length: Double, width: Double,
                        depth: Int, side: BodySide, anatomy a: ChestAnatomy, random: inout RandomSource) {
        let end = (start.0 + length * cos(angle), start.1 + length * sin(angle))
        let value = Float(min(0.5, 26 * width + 0.02))
        marking.segment(start, end, w0: width * 1.5, w1: width * 1.25, value: value, blend: .max, soft: true)
        guard depth > 0, width > 0.0022 else { return }
        let children = random.chance(0.8) ? 2 : 1
        for c in 0..<children {
            let turn = random.uniform(0.22...0.5) * (c == 0 ? 1 : -1) + random.uniform(-0.1...0.1)
            branch(from: end, angle: angle + (children == 1 ? turn * 0.4 : turn),
                   length: length * random.uniform(0.72...0.88), width: width * random.uniform(0.66...0.76),
                   depth: depth - 1, side: side, anatomy: a, random: &random)
        }
    }
}
