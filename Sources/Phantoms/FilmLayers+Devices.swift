import Radiology
/// Support devices: radiopaque tubes, lines, a pacemaker with leads and sternotomy wires.
extension FilmLayers {
    func paintDevice(_ device: Device, _ a: ChestAnatomy, contrast: Float, random: inout RandomSource) {
        let mid = a.midlineX
        let t = tissue
        switch device {
        case .endotrachealTube:
            let tip = a.carinaY - random.uniform(0.035...0.06)
            t.segment((mid + 0.002, 0), (mid + 0.002, tip), w0: 0.02, w1: 0.02, value: 0.1 * contrast, blend: .add, tube: false)
            t.segment((mid + 0.008, 0), (mid + 0.008, tip), w0: 0.0035, w1: 0.0035, value: 0.75 * contrast, blend: .add)
        case .centralLine:
            let tip = (mid - 0.022, a.carinaY + random.uniform(0.04...0.09))
            let path = [(mid - 0.11, 0.0), (mid - 0.085, a.apexY + 0.03), (mid - 0.045, a.apexY + 0.1),
                        (mid - 0.028, a.carinaY - 0.02), tip]
            t.polyline(smooth(path), w0: 0.0045, w1: 0.004, value: 0.85 * contrast, blend: .add)
        case .nasogastricTube:
            let stomach = (mid + 0.13, a.leftDomeY + 0.075)
            let path = [(mid + 0.004, 0.0), (mid + 0.012, a.carinaY), (mid + 0.02, a.leftDomeY - 0.02),
                        (mid + 0.06, a.leftDomeY + 0.05), stomach]
            t.polyline(smooth(path), w0: 0.0055, w1: 0.0055, value: 0.7 * contrast, blend: .add)
        case .pacemaker:
            let box = (mid + a.thoraxHalfWidth * 0.62, a.apexY + 0.07)
            t.ellipse(box, rx: 0.042, ry: 0.03, angle: -0.2, value: 1.8 * contrast, edge: 0.08, blend: .add)
            t.ellipse((box.0 - 0.018, box.1 - 0.018), rx: 0.012, ry: 0.008, value: 0.6 * contrast, edge: 0.2, blend: .add)
            let ra = (mid - 0.035, a.heartCentreY - 0.03)
            let rv = (a.heartCentreX + 0.04, a.heartCentreY + 0.05)
            let svc = [box, (mid + 0.09, a.apexY + 0.06), (mid + 0.01, a.apexY + 0.09), (mid - 0.025, a.carinaY + 0.02)]
            t.polyline(smooth(svc + [ra]), w0: 0.0035, w1: 0.0035, value: 1.1 * contrast, blend: .add)
            t.polyline(smooth(svc + [(mid - 0.02, a.heartCentreY - 0.04), rv]), w0: 0.0035, w1: 0.0035,
                       value: 1.1 * contrast, blend: .add)
        case .sternotomyWires:
            let count = random.int(5...7)
            let top = a.apexY + 0.08, bottom = a.heartCentreY + 0.04
            for k in 0..<count {
                let y = top + (bottom - top) * Double(k) / Double(count - 1) + random.uniform(-0.006...0.006)
                let x = mid + random.uniform(-0.006...0.006)
                t.segment((x - 0.02, y - 0.004), (x + 0.02, y + 0.004), w0: 0.004, w1: 0.004, value: 1.3 * contrast, blend: .add)
                t.segment((x - 0.02, y + 0.006), (x + 0.02, y + 0.002), w0: 0.004, w1: 0.004, value: 1.3 * contrast, blend: .add)
                t.ellipse((x + 0.001, y + 0.002), rx: 0.007, ry: 0.007, value: 1.2 * contrast, edge: 0.3, blend: .add)
            }
        }
    }

    /// Catmull–Rom resampling so that drawn tubes bend smoothly through their control points.
    private func smooth(_ points: [(Double, Double)], steps: Int = 8) -> [(Double, Double)] {
        guard points.count > 2 else { return points }
        var result: [(Double, Double)] = []
        for i in 0..<(points.count - 1) {
            let p0 = points[max(0, i - 1)], p1 = points[i], p2 = points[i + 1], p3 = points[min(points.count - 1, i + 2)]
            for s in 0..<steps {
                let t = Double(s) / Double(steps), t2 = t * t, t3 = t2 * t
                func c(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
                    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                }
                result.append((c(p0.0, p1.0, p2.0, p3.0), c(p0.1, p1.1, p2.1, p3.1)))
            }
        }
        result.append(points[points.count - 1])
        return result
    }
}
