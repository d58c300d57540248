import Radiology
/// Decides how each positive or uncertain finding is drawn (side, severity, size) and adjusts the
/// anatomy for findings that are changes of normal shapes (a big heart, a wide mediastinum, a
/// raised hemidiaphragm). Each finding draws from its own random stream, so adding one finding
/// to a study leaves the others, and the anatomy, as they were.
struct FindingPlanner {
    let seed: UInt64
    /// Severities to use instead of random ones for positive findings.
    var severities: [Finding: Severity] = [:]

    func plan(_ labels: FindingLabels, anatomy: inout ChestAnatomy) -> [DrawnFinding] {
        var drawn: [DrawnFinding] = []
        let otherOpacity = Finding.opacityTypes.contains { labels.isDrawn($0) }
        for finding in Finding.allCases where labels.isDrawn(finding) && finding != .noFinding {
            if finding == .lungOpacity, otherOpacity { continue }  // drawn by the specific finding
            var random = RandomSource(seed: seed, stream: "finding/\(finding.rawValue)")
            let state = labels[finding]
            let drawnSeverity: Severity = random.pick(weighted: [(.mild, 0.4), (.moderate, 0.4), (.severe, 0.2)])
            let severity: Severity = state == .uncertain ? .borderline : severities[finding] ?? drawnSeverity
            drawn.append(plan(finding, state, severity, anatomy: &anatomy, random: &random))
        }
        return drawn
    }

    /// Picks a value in the range for the severity (`ranges` lists borderline, mild, moderate, severe).
    private func amount(_ severity: Severity, _ ranges: [ClosedRange<Double>], _ random: inout RandomSource) -> Double {
        random.uniform(ranges[Severity.allCases.firstIndex(of: severity)!])
    }

    private func side(_ random: inout RandomSource, bilateral: Double = 0) -> BodySide {
        random.pick(weighted: [(.right, (1 - bilateral) * 0.55), (.left, (1 - bilateral) * 0.45), (.bilateral, bilateral)])
    }

    private func plan(_ finding: Finding, _ state: FindingState, _ severity: Severity,
                      anatomy a: inout ChestAnatomy, random r: inout RandomSource) -> DrawnFinding {
        var result = DrawnFinding(finding, state, severity: severity)
        switch finding {
        case .noFinding:
            break
        case .cardiomegaly:
            let ratio = amount(severity, [0.505...0.53, 0.54...0.58, 0.58...0.63, 0.63...0.7], &r)
            a.heartHalfWidth = ratio * a.thoraxHalfWidth
            result.parameters = ["cardiothoracicRatio": ratio]
        case .enlargedCardiomediastinum:
            let half = amount(severity, [0.068...0.075, 0.08...0.09, 0.09...0.105, 0.105...0.125], &r)
            a.mediastinumHalfWidth = half
            result.parameters = ["mediastinumHalfWidth": half, "mediastinumWidthRatio": half / a.thoraxHalfWidth]
        case .pleuralEffusion:
            result.side = side(&r, bilateral: 0.3)
            let height = amount(severity, [0.03...0.04, 0.07...0.1, 0.14...0.2, 0.25...0.36], &r)
            result.parameters = ["fluidHeight": height]
        case .pneumothorax:
            result.side = side(&r, bilateral: 0.04)
            let rim = amount(severity, [0.01...0.016, 0.025...0.045, 0.055...0.09, 0.11...0.17], &r)
            result.parameters = ["rimWidth": rim, "rimMM": rim * 430]
        case .consolidation:
            let lobe = r.pick(Lobe.allCases)
            result.side = lobe.side
            result.detail = lobe.rawValue
            result.parameters = ["density": amount(severity, [0.38...0.45, 0.62...0.72, 0.78...0.86, 0.9...0.96], &r)]
        case .pneumonia:
            result.side = side(&r, bilateral: 0.35)
            let patches = severity == .borderline ? 1 : r.int(3...5) + (severity == .severe ? 3 : 0)
            result.parameters = ["patches": Double(patches),
                                 "density": amount(severity, [0.4...0.48, 0.6...0.7, 0.7...0.8, 0.8...0.9], &r)]
        case .atelectasis:
            result.side = side(&r, bilateral: 0.15)
            result.detail = "basal"
            let lift = amount(severity, [0.004...0.008, 0.015...0.025, 0.025...0.035, 0.035...0.05], &r)
            for lung in result.side!.lungs {
                if lung == .right { a.rightDomeY -= lift; a.rightAngleY -= lift } else { a.leftDomeY -= lift; a.leftAngleY -= lift }
            }
            result.parameters = ["diaphragmLift": lift,
                                 "bandThickness": amount(severity, [0.005...0.007, 0.009...0.012, 0.012...0.016, 0.016...0.022], &r)]
        case .edema:
            result.side = .bilateral
            result.parameters = ["haze": amount(severity, [0.16...0.22, 0.28...0.34, 0.38...0.46, 0.5...0.6], &r),
                                 "septalLines": severity == .borderline ? 0 : Double(r.int(4...7) + (severity == .mild ? 0 : 4))]
        case .lungLesion:
            result.side = side(&r)
            let mass = severity == .severe || (severity == .moderate && r.chance(0.4))
            result.detail = mass ? "mass" : "nodule"
            let diameter = mass ? r.uniform(35...65) : amount(severity, [5...7, 8...14, 12...24, 25...30], &r)
            result.parameters = ["diameterMM": diameter.rounded(), "density": severity == .borderline ? 0.55 : 1]
        case .lungOpacity:
            result.side = side(&r, bilateral: 0.2)
            result.parameters = ["density": amount(severity, [0.38...0.45, 0.55...0.65, 0.65...0.75, 0.75...0.85], &r)]
        case .pleuralOther:
            result.side = side(&r, bilateral: 0.2)
            result.detail = r.chance(0.7) ? "lateral" : "apical"
            result.parameters = ["thickness": amount(severity, [0.006...0.007, 0.009...0.012, 0.012...0.016, 0.016...0.022], &r)]
        case .fracture:
            result.side = side(&r)
            let displaced = severity != .borderline && (severity != .mild || r.chance(0.5))
            result.detail = displaced ? "displaced" : "nondisplaced"
            result.parameters = ["rib": Double(r.int(4...8)), "position": r.uniform(0.55...0.85),
                                 "offset": displaced ? amount(severity, [0...0, 0.008...0.011, 0.011...0.015, 0.015...0.02], &r) * (r.chance(0.5) ? 1 : -1) : 0,
                                 "gap": severity == .borderline ? 0.004 : r.uniform(0.006...0.009)]
        case .supportDevices:
            var kinds = Device.allCases
            r.shuffle(&kinds)
            let count = severity == .borderline ? 1 : min(kinds.count, 1 + r.int(0...2))
            let chosen = kinds.prefix(count).sorted { $0.rawValue < $1.rawValue }
            result.detail = chosen.map(\.rawValue).joined(separator: ", ")
            result.parameters = ["devices": Double(count), "contrast": severity == .borderline ? 0.35 : 1]
        }
        return result
    }
}

/// Lung lobes as a frontal film shows them.
enum Lobe: String, CaseIterable {
    case rightUpper = "right upper lobe"
    case rightMiddle = "right middle lobe"
    case rightLower = "right lower lobe"
    case leftUpper = "left upper lobe"
    case leftLower = "left lower lobe"

    var side: BodySide { rawValue.hasPrefix("right") ? .right : .left }
}

/// Support devices the phantom can show.
enum Device: String, CaseIterable {
    case endotrachealTube = "endotracheal tube"
    case centralLine = "central venous catheter"
    case nasogastricTube = "nasogastric tube"
    case pacemaker = "pacemaker"
    case sternotomyWires = "sternotomy wires"
}
