public import Radiology
internal import Formats
public import Foundation

/// A synthetic frontal (PA) chest radiograph: a digital phantom whose findings are known.
///
/// Rendering is deterministic: the same labels, seed and size give the same bytes on every
/// machine (the generator has its own PRNG and does not read the clock or the system RNG).
/// Every image is SYNTHETIC; its `truth` says so and records what was drawn.
public struct Phantom: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major 16-bit grey samples; brighter is more attenuating, as on a film.
    public let pixels: [UInt16]
    public let truth: PhantomTruth

    /// Renders a phantom showing the positive findings and, at borderline severity, the uncertain
    /// ones. Negative and absent findings are not drawn. `labels` is recorded as given; use
    /// `FindingLabels.normalised()` first for CheXpert-consistent labels. `severities` fixes the
    /// severity of positive findings (otherwise drawn: mild 40 %, moderate 40 %, severe 20 %).
    public init(labels: FindingLabels, seed: UInt64, width: Int = 512, height: Int = 512,
                severities: [Finding: Severity] = [:]) {
        precondition(width >= 32 && height >= 32, "a phantom needs at least 32×32 pixels")
        var random = RandomSource(seed: seed, stream: "anatomy")
        var anatomy = ChestAnatomy(random: &random)
        let findings = FindingPlanner(seed: seed, severities: severities).plan(labels, anatomy: &anatomy)

        let layers = FilmLayers(width: width, height: height)
        layers.paintFields(anatomy)
        layers.paintAirways(anatomy)
        let fracture = findings.first { $0.finding == .fracture }.map { f in
            RibFracture(side: f.side ?? .right, rib: Int(f.parameters["rib"] ?? 6), position: f.parameters["position"] ?? 0.8,
                        offset: f.parameters["offset"] ?? 0, gap: f.parameters["gap"] ?? 0.004)
        }
        layers.paintSkeleton(anatomy, fracture: fracture)
        var vessels = RandomSource(seed: seed, stream: "vessels")
        layers.paintVessels(anatomy, random: &vessels)
        var drawn = findings
        for index in drawn.indices {
            Phantom.paint(&drawn[index], on: layers, anatomy: anatomy, seed: seed)
        }
        layers.compose()
        var noise = RandomSource(seed: seed, stream: "noise")
        pixels = layers.develop(rotationDegrees: anatomy.rotationDegrees, exposure: anatomy.exposure,
                                noise: anatomy.noise, seed: noise.next())
        self.width = width
        self.height = height

        var states: [String: FindingState] = [:]
        var codes: [String: Int?] = [:]
        for finding in Finding.allCases {
            states[finding.rawValue] = labels[finding]
            codes[finding.rawValue] = labels[finding].chexpertValue
        }
        truth = PhantomTruth(seed: seed, width: width, height: height, labels: states, chexpert: codes,
                             anatomy: anatomy, measurements: Phantom.measure(anatomy, width: width, height: height),
                             findings: drawn)
    }

    private static func paint(_ f: inout DrawnFinding, on layers: FilmLayers, anatomy a: ChestAnatomy, seed: UInt64) {
        var random = RandomSource(seed: seed, stream: "paint/\(f.finding.rawValue)")
        let side = f.side ?? .right
        let p = f.parameters
        switch f.finding {
        case .noFinding, .cardiomegaly, .enlargedCardiomediastinum, .fracture:
            break  // drawn as changes of the anatomy
        case .pleuralEffusion:
            layers.paintEffusion(a, side: side, height: p["fluidHeight"]!)
        case .pneumothorax:
            layers.paintPneumothorax(a, side: side, rim: p["rimWidth"]!)
        case .pleuralOther:
            layers.paintPleuralThickening(a, side: side, thickness: p["thickness"]!, apical: f.detail == "apical")
        case .consolidation:
            let lobe = Lobe(rawValue: f.detail ?? "") ?? .rightLower
            layers.paintConsolidation(a, lobe: lobe, density: p["density"]!, random: &random)
        case .pneumonia:
            layers.paintPatches(a, side: side, count: Int(p["patches"]!), density: p["density"]!, zone: 0.35...0.9,
                                radius: f.severity == .borderline ? 0.025...0.035 : 0.035...0.06, random: &random)
        case .lungOpacity:
            layers.paintPatches(a, side: side, count: side == .bilateral ? 2 : 1, density: p["density"]!, zone: 0.3...0.85,
                                radius: 0.05...0.075, random: &random)
        case .atelectasis:
            layers.paintBandAtelectasis(a, side: side, thickness: p["bandThickness"]!, random: &random)
        case .edema:
            layers.paintEdema(a, haze: p["haze"]!, septalLines: Int(p["septalLines"]!), random: &random)
        case .lungLesion:
            let c = layers.paintLesion(a, side: side, diameterMM: p["diameterMM"]!, density: p["density"]!, random: &random)
            f.parameters["centreX"] = c.0
            f.parameters["centreY"] = c.1
        case .supportDevices:
            let contrast = Float(p["contrast"] ?? 1)
            for name in (f.detail ?? "").components(separatedBy: ", ") {
                if let device = Device(rawValue: name) { layers.paintDevice(device, a, contrast: contrast, random: &random) }
            }
        }
    }

    /// Pixel positions of the heart and thorax borders and the costophrenic angles (unrotated).
    private static func measure(_ a: ChestAnatomy, width: Int, height: Int) -> [String: Double] {
        let w = Double(width), h = Double(height)
        return [
            "heartRightBorderPx": (a.heartCentreX - a.heartHalfWidth) * w,
            "heartLeftBorderPx": (a.heartCentreX + a.heartHalfWidth) * w,
            "heartWidthPx": 2 * a.heartHalfWidth * w,
            "heartCentreYPx": a.heartCentreY * h,
            "thoraxRightBorderPx": (a.midlineX - a.thoraxHalfWidth) * w,
            "thoraxLeftBorderPx": (a.midlineX + a.thoraxHalfWidth) * w,
            "thoraxWidthPx": 2 * a.thoraxHalfWidth * w,
            "cardiothoracicRatio": a.cardiothoracicRatio,
            "mediastinumWidthPx": 2 * a.mediastinumHalfWidth * w,
            "rightCostophrenicAngleXPx": (a.midlineX - a.thoraxHalfWidth) * w,
            "rightCostophrenicAngleYPx": a.rightAngleY * h,
            "leftCostophrenicAngleXPx": (a.midlineX + a.thoraxHalfWidth) * w,
            "leftCostophrenicAngleYPx": a.leftAngleY * h,
            "rightDomeYPx": a.rightDomeY * h,
            "leftDomeYPx": a.leftDomeY * h,
        ]
    }

    /// The image as a 16-bit grey PNG file.
    public func pngData() throws -> Data {
        Data(try PNGEncoder.encodeGray16(pixels, width: width, height: height))
    }

    /// The image scaled to 8 bits (for contact sheets and previews).
    public var eightBit: [UInt8] { pixels.map { UInt8($0 >> 8) } }
}
