import Foundation
import Radiology
import Phantoms

/// Pixel measurements on phantoms, in the unrotated (canonical) frame the truth describes:
/// normalised film coordinates (0…1), brightness 0…1.
extension Phantom {
    /// The brightness at canonical pixel (col, row): the film is rotated by the truth's rotation
    /// about its centre, so this looks up where that point landed (nearest pixel).
    func value(_ col: Int, _ row: Int) -> Double {
        let angle = truth.anatomy.rotationDegrees * Double.pi / 180
        let cx = Double(width) / 2 - 0.5, cy = Double(height) / 2 - 0.5
        let x = Double(col) - cx, y = Double(row) - cy
        let px = Int((cos(angle) * x - sin(angle) * y + cx).rounded())
        let py = Int((sin(angle) * x + cos(angle) * y + cy).rounded())
        return Double(pixels[min(height - 1, max(0, py)) * width + min(width - 1, max(0, px))]) / 65535
    }

    /// Mean brightness over a normalised box.
    func mean(x: ClosedRange<Double>, y: ClosedRange<Double>) -> Double {
        var sum = 0.0, count = 0
        for row in Int(y.lowerBound * Double(height))...Int(y.upperBound * Double(height)) {
            for col in Int(x.lowerBound * Double(width))...Int(x.upperBound * Double(width)) {
                sum += value(col, row)
                count += 1
            }
        }
        return sum / Double(count)
    }

    /// Mean absolute difference between horizontal neighbours: fine texture such as vessels.
    func texture(x: ClosedRange<Double>, y: ClosedRange<Double>) -> Double {
        var sum = 0.0, count = 0
        for row in Int(y.lowerBound * Double(height))...Int(y.upperBound * Double(height)) {
            for col in Int(x.lowerBound * Double(width))..<Int(x.upperBound * Double(width)) {
                sum += abs(value(col + 1, row) - value(col, row))
                count += 1
            }
        }
        return sum / Double(count)
    }

    /// Brightness along one row, averaged over `rows` rows and smoothed over 3 columns.
    func profile(row: Int, rows: Int = 5) -> [Double] {
        (0..<width).map { col in
            var sum = 0.0
            for r in (row - rows / 2)...(row + rows / 2) { for c in (col - 1)...(col + 1) { sum += value(c, r) } }
            return sum / Double(rows * 3)
        }
    }

    /// The cardiothoracic ratio measured from the pixels as a radiologist does: the heart's
    /// rightmost and leftmost borders over the rows where lung lies beside it, over the internal
    /// thoracic diameter (the lungs' lateral borders, widest just above the costophrenic angles).
    /// Borders are where the brightness crosses halfway between the two sides of the edge.
    func measuredCardiothoracicRatio() -> Double {
        let a = truth.anatomy
        let w = Double(width), h = Double(height)
        func col(_ x: Double) -> Int { Int(x * w) }
        var heartRight = Int.max, heartLeft = Int.min
        let top = a.heartCentreY - 0.3 * a.heartHalfHeight, bottom = min(a.heartCentreY + 0.5 * a.heartHalfHeight, a.rightDomeY - 0.01)
        for row in Int(top * h)...Int(bottom * h) {
            let line = profile(row: row, rows: 1)
            let centre = col(a.heartCentreX)
            for sign in [-1, 1] {
                let lung = line[col(a.midlineX + Double(sign) * 0.8 * a.thoraxHalfWidth)]
                let threshold = (line[centre] + lung) / 2
                guard line[centre] - lung > 0.15 else { continue }
                var c = centre
                while c > 1, c < width - 2, line[c] > threshold { c += sign }
                if sign < 0 { heartRight = min(heartRight, c) } else { heartLeft = max(heartLeft, c) }
            }
        }
        var thoraxRight = Int.max, thoraxLeft = Int.min
        for side in [BodySide.right, .left] {
            let sign = side == .right ? -1.0 : 1.0
            for row in Int((a.domeY(side) - 0.06) * h)...Int(a.angleY(side) * h) {
                let line = profile(row: row, rows: 1)
                let zone = (col(a.midlineX + sign * 0.55 * a.thoraxHalfWidth), col(a.midlineX + sign * 1.05 * a.thoraxHalfWidth))
                let range = min(zone.0, zone.1)...max(zone.0, zone.1)
                let darkest = range.min { line[$0] < line[$1] }!
                let wall = line[col(a.midlineX + sign * (a.thoraxHalfWidth + 0.025))]
                guard wall - line[darkest] > 0.08 else { continue }
                let threshold = (wall + line[darkest]) / 2
                var c = darkest
                while c > 1, c < width - 2, line[c] < threshold { c += Int(sign) }
                if side == .right { thoraxRight = min(thoraxRight, c) } else { thoraxLeft = max(thoraxLeft, c) }
            }
        }
        guard heartRight < heartLeft, thoraxRight < thoraxLeft, thoraxLeft != Int.min, thoraxRight != Int.max else { return 0 }
        return Double(heartLeft - heartRight) / Double(thoraxLeft - thoraxRight)
    }
}

func labels(_ states: [Finding: FindingState]) -> FindingLabels { FindingLabels(states).normalised() }
