/// Pleural findings: effusion, pneumothorax and pleural thickening.
extension FilmLayers {
    /// Calls `body(index, x, y)` for each pixel of the normalised box (pixel-centre coordinates).
    func visit(x: ClosedRange<Double>, y: ClosedRange<Double>, _ body: (Int, Double, Double) -> Void) {
        let x0 = max(0, Int(x.lowerBound * Double(width))), x1 = min(width - 1, Int(x.upperBound * Double(width)))
        let y0 = max(0, Int(y.lowerBound * Double(height))), y1 = min(height - 1, Int(y.upperBound * Double(height)))
        guard x0 <= x1, y0 <= y1 else { return }
        for row in y0...y1 {
            let ny = (Double(row) + 0.5) / Double(height)
            for col in x0...x1 { body(row &* width &+ col, (Double(col) + 0.5) / Double(width), ny) }
        }
    }

    /// The horizontal extent of one hemithorax.
    func hemithorax(_ a: ChestAnatomy, _ side: BodySide) -> ClosedRange<Double> {
        side == .right ? (a.midlineX - a.thoraxHalfWidth - 0.01)...a.midlineX
                       : a.midlineX...(a.midlineX + a.thoraxHalfWidth + 0.01)
    }

    /// Dependent fluid: a homogeneous opacity rising higher laterally (the meniscus), filling the
    /// costophrenic angle and effacing the hemidiaphragm.
    func paintEffusion(_ a: ChestAnatomy, side: BodySide, height: Double) {
        let f = fill.pixels
        for lung in side.lungs {
            let base = a.angleY(lung)
            visit(x: hemithorax(a, lung), y: (base - height - 0.05)...(base + 0.01)) { i, x, y in
                let u = (x - a.midlineX) * lung.sign / a.thoraxHalfWidth
                // Meniscus: the surface curves up along the lateral chest wall.
                let wall = max(0, u - 0.7) / 0.3
                let top = base - height * (0.45 + 0.35 * u * u + 0.35 * wall * wall)
                let v = Float(min(1, max(0, (y - top) / 0.022 + 0.3)))
                f[i] = max(f[i], v)
            }
        }
    }

    /// Air in the pleural space: a thin visceral pleural line with no lung markings beyond it,
    /// widest at the apex and along the lateral wall.
    func paintPneumothorax(_ a: ChestAnatomy, side: BodySide, rim: Double) {
        let air = self.air.pixels, mark = marking.pixels, t = tissue.pixels
        let line = 0.0022
        for lung in side.lungs {
            visit(x: hemithorax(a, lung), y: (a.apexY - 0.02)...a.angleY(lung)) { i, x, y in
                let d = (x - a.midlineX) * lung.sign
                guard air[i] > 0.02, a.inLung(x, y, lung) else { return }
                let progress = min(1, max(0, (y - a.apexY) / (a.angleY(lung) - a.apexY)))
                let lateralGap = rim * (1 - 0.65 * progress)
                let q = min(a.lateral(y, lung) - d - lateralGap, y - a.apex(d) - rim * 1.15)
                if q < 0 {
                    mark[i] = 0
                    air[i] *= 1.2
                } else if q < line {
                    t[i] += 0.16 * Float(1 - abs(q - line / 2) / (line / 2))
                }
            }
        }
    }

    /// Smooth pleural thickening along the lateral chest wall, or an apical cap.
    func paintPleuralThickening(_ a: ChestAnatomy, side: BodySide, thickness: Double, apical: Bool) {
        let f = fill.pixels, t = tissue.pixels
        for lung in side.lungs {
            let top = apical ? a.apexY - 0.02 : a.apexY + 0.12
            let bottom = apical ? a.apexY + 0.08 : a.angleY(lung) - 0.06
            visit(x: hemithorax(a, lung), y: top...bottom) { i, x, y in
                let d = (x - a.midlineX) * lung.sign
                let along = min(1, (y - top) / 0.03, (bottom - y) / 0.03)
                guard along > 0, a.inLung(x, y, lung) else { return }
                let depth = apical ? y - a.apex(d) : a.lateral(y, lung) - d
                let v = min(1, max(0, (thickness * along - depth) / 0.003 + 0.5))
                guard v > 0 else { return }
                f[i] = max(f[i], Float(v))
                t[i] += Float(0.2 * v)
            }
        }
    }
}
