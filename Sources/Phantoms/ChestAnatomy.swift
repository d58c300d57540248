internal import Foundation

/// The patient's side. On a frontal (PA) film the patient's right is on the viewer's left.
public enum BodySide: String, Codable, Sendable, CaseIterable {
    case right, left, bilateral

    /// The sides a lung-level drawing applies to.
    var lungs: [BodySide] { self == .bilateral ? [.right, .left] : [self] }

    /// -1 for the patient's right (image left), +1 for the left.
    var sign: Double { self == .right ? -1 : 1 }
}

/// The normal anatomy of one phantom: every shape the renderer draws, in normalised film
/// coordinates (x across, y down, 0…1; lengths are fractions of the film width). Sampled per seed
/// for body size, inspiration, rotation, exposure and noise; findings then adjust it (a big heart,
/// a raised hemidiaphragm) before it is drawn. Encoded into `truth.json`.
public struct ChestAnatomy: Codable, Sendable {
    public var midlineX: Double
    /// Half the internal thoracic diameter at its widest (the costophrenic level).
    public var thoraxHalfWidth: Double
    /// Half the width of the body's soft-tissue outline at chest level.
    public var bodyHalfWidth: Double
    public var apexY: Double
    public var rightDomeY: Double
    public var leftDomeY: Double
    public var rightAngleY: Double
    public var leftAngleY: Double
    /// Half the transverse cardiac diameter.
    public var heartHalfWidth: Double
    /// Short over long axis of the heart's (tilted) ellipse.
    public var heartAspect: Double
    /// Tilt of the heart's long axis (radians; it runs from the base down to the apex on the left).
    public var heartTilt: Double
    /// Half the width of the upper mediastinum (above the heart).
    public var mediastinumHalfWidth: Double
    public var carinaY: Double
    public var ribSpacing: Double
    /// Degrees, positive clockwise on the film.
    public var rotationDegrees: Double
    /// Film exposure (tone-curve gain; higher is darker lungs, lower is a greyer film).
    public var exposure: Double
    /// Quantum-noise standard deviation at full brightness, as a fraction of the grey range.
    public var noise: Double
    /// 0 (shallow) … 1 (deep inspiration).
    public var inspiration: Double

    /// Cardiothoracic ratio: transverse cardiac diameter over internal thoracic diameter.
    public var cardiothoracicRatio: Double { heartHalfWidth / thoraxHalfWidth }

    /// Samples a normal adult chest.
    init(random: inout RandomSource) {
        let size = random.uniform(0.92...1.06)
        inspiration = random.uniform(0...1)
        midlineX = 0.5 + random.uniform(-0.012...0.012)
        thoraxHalfWidth = 0.345 * size
        bodyHalfWidth = thoraxHalfWidth + random.uniform(0.055...0.09)
        apexY = random.uniform(0.11...0.15)
        let dome = 0.69 - 0.05 * (inspiration - 0.5) + random.uniform(-0.015...0.015)
        rightDomeY = dome
        leftDomeY = dome + random.uniform(0.01...0.03)
        rightAngleY = rightDomeY + random.uniform(0.065...0.085)
        leftAngleY = leftDomeY + random.uniform(0.065...0.085)
        let ratio = random.uniform(0.39...0.47)
        heartHalfWidth = ratio * thoraxHalfWidth
        heartAspect = random.uniform(0.66...0.76)
        heartTilt = random.uniform(0.5...0.65)
        mediastinumHalfWidth = random.uniform(0.048...0.06)
        carinaY = random.uniform(0.37...0.40)
        ribSpacing = (rightDomeY - apexY) / random.uniform(9.2...10.2)
        rotationDegrees = random.uniform(-3...3)
        exposure = random.uniform(1.25...1.6)
        noise = random.uniform(0.006...0.014)
    }

    // MARK: Geometry (all in normalised coordinates; public so tests and tools can measure)

    /// The heart's centre x: a third of it lies right of the midline, two thirds left.
    public var heartCentreX: Double { midlineX + heartHalfWidth / 3 }

    /// The heart ellipse's long semi-axis, from the transverse half-width, aspect and tilt.
    var heartLongAxis: Double {
        let c = cos(heartTilt), s = sin(heartTilt)
        return heartHalfWidth / (c * c + heartAspect * heartAspect * s * s).squareRoot()
    }

    /// Half the heart's vertical extent.
    public var heartHalfHeight: Double {
        let a = heartLongAxis, b = a * heartAspect, c = cos(heartTilt), s = sin(heartTilt)
        return (a * a * s * s + b * b * c * c).squareRoot()
    }

    /// The heart's centre y: its lower part sinks below the left dome (hidden by the diaphragm).
    public var heartCentreY: Double { leftDomeY + 0.075 - heartHalfHeight }

    /// The heart's horizontal chord at height `y` (nil above or below it).
    public func heartChord(_ y: Double) -> (Double, Double)? {
        let a = heartLongAxis, b = a * heartAspect, c = cos(heartTilt), s = sin(heartTilt)
        let v = y - heartCentreY
        let p2 = c * c / (a * a) + s * s / (b * b)
        let p1 = 2 * v * c * s * (1 / (a * a) - 1 / (b * b))
        let p0 = v * v * (s * s / (a * a) + c * c / (b * b)) - 1
        let disc = p1 * p1 - 4 * p2 * p0
        guard disc > 0 else { return nil }
        let root = disc.squareRoot()
        return (heartCentreX + (-p1 - root) / (2 * p2), heartCentreX + (-p1 + root) / (2 * p2))
    }

    public func domeY(_ side: BodySide) -> Double { side == .right ? rightDomeY : leftDomeY }
    public func angleY(_ side: BodySide) -> Double { side == .right ? rightAngleY : leftAngleY }

    /// Distance from the midline to the lung's lateral (rib-cage) border at height `y`.
    public func lateral(_ y: Double, _ side: BodySide) -> Double {
        let t = min(1, max(0, (y - apexY) / (angleY(side) - apexY)))
        return thoraxHalfWidth * (0.42 + 0.58 * pow(t, 0.38))
    }

    /// The top of the lung at distance `d` from the midline (the rounded apex).
    public func apex(_ d: Double) -> Double {
        let u = (d - 0.27 * thoraxHalfWidth) / thoraxHalfWidth
        return apexY + 1.3 * thoraxHalfWidth * u * u
    }

    /// The hemidiaphragm's upper surface at distance `d` from the midline.
    public func dome(_ d: Double, _ side: BodySide) -> Double {
        let peak = 0.5 * thoraxHalfWidth
        let u = (d - peak) / (0.5 * thoraxHalfWidth)
        let top = domeY(side)
        return top + (angleY(side) - top) * u * u * (d < peak ? 0.5 : 1)
    }

    /// Distance from the midline to the mediastinum's border at height `y` (the aortic knob bulges
    /// on the left).
    public func medial(_ y: Double, _ side: BodySide) -> Double {
        var m = mediastinumHalfWidth * (1 + 0.25 * min(1, max(0, (y - apexY) / (carinaY - apexY))))
        if side == .left {
            let k = (y - (carinaY - 0.015)) / 0.03
            m += 0.022 * exp(-k * k)
        }
        return m
    }

    /// Half the body's soft-tissue width at height `y`: neck, shoulders, chest.
    func body(_ y: Double) -> Double {
        let neck = 0.11, shoulders = bodyHalfWidth + 0.1
        if y < 0.06 { return neck }
        if y < 0.17 {
            let t = (y - 0.06) / 0.11
            return neck + (shoulders - neck) * t * t * (3 - 2 * t)
        }
        if y < 0.3 { return shoulders + (bodyHalfWidth - shoulders) * (y - 0.17) / 0.13 }
        return bodyHalfWidth
    }

    /// True when the point lies inside the given lung's outline (ignoring the heart).
    public func inLung(_ x: Double, _ y: Double, _ side: BodySide) -> Bool {
        let d = (x - midlineX) * side.sign
        return d > medial(y, side) && d < lateral(y, side) && y > apex(d) && y < dome(d, side)
    }
}
