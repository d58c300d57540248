import Radiology
import Phantoms
import Testing

/// Each finding must move the pixels the way it moves a real film. Every test compares a phantom
/// with the normal film of the same seed (same anatomy and noise), at a small size for speed.
@Suite struct FindingEffectTests {
    static let size = 192

    func pair(_ finding: Finding, _ state: FindingState = .positive, seed: UInt64 = 5,
              severity: Severity = .severe) -> (normal: Phantom, abnormal: Phantom, drawn: DrawnFinding?) {
        let normal = Phantom(labels: labels([:]), seed: seed, width: Self.size, height: Self.size)
        let abnormal = Phantom(labels: labels([finding: state]), seed: seed, width: Self.size, height: Self.size,
                               severities: [finding: severity])
        return (normal, abnormal, abnormal.truth.findings.first { $0.finding == finding })
    }

    @Test(arguments: [UInt64(3), 8, 21])
    func cardiomegalyWidensTheHeartAgainstTheThorax(seed: UInt64) {
        let (normal, big, drawn) = pair(.cardiomegaly, seed: seed, severity: .moderate)
        let ratio = drawn!.parameters["cardiothoracicRatio"]!
        #expect(ratio > 0.55)
        #expect(big.truth.anatomy.cardiothoracicRatio == ratio)
        // From the pixels: near the drawn ratio, and larger than the normal film's.
        let measuredNormal = normal.measuredCardiothoracicRatio(), measuredBig = big.measuredCardiothoracicRatio()
        #expect(abs(measuredNormal - normal.truth.anatomy.cardiothoracicRatio) < 0.08)
        #expect(abs(measuredBig - ratio) < 0.08)
        #expect(measuredBig > measuredNormal + 0.06)
    }

    @Test func uncertainCardiomegalyIsBorderline() {
        let (_, _, drawn) = pair(.cardiomegaly, .uncertain)
        #expect(drawn?.severity == .borderline)
        #expect((0.5...0.53).contains(drawn!.parameters["cardiothoracicRatio"]!))
    }

    @Test func enlargedCardiomediastinumWidensTheUpperMediastinum() {
        let (normal, wide, _) = pair(.enlargedCardiomediastinum)
        #expect(wide.truth.anatomy.mediastinumHalfWidth > normal.truth.anatomy.mediastinumHalfWidth + 0.03)
        let a = normal.truth.anatomy
        let band = (a.midlineX - a.mediastinumHalfWidth - 0.035)...(a.midlineX - a.mediastinumHalfWidth - 0.005)
        let y = (a.apexY + 0.1)...(a.apexY + 0.15)
        #expect(wide.mean(x: band, y: y) > normal.mean(x: band, y: y) + 0.08)
    }

    @Test(arguments: [BodySide.right, .left])
    func effusionWhitensItsCostophrenicAngle(side: BodySide) {
        var seed: UInt64 = 1
        var result: (Phantom, Phantom, DrawnFinding?)
        repeat { seed += 1; result = pair(.pleuralEffusion, seed: seed, severity: .moderate) } while result.2?.side != side
        let (normal, fluid, _) = result
        let a = normal.truth.anatomy
        func angle(_ s: BodySide) -> (ClosedRange<Double>, ClosedRange<Double>) {
            let sign = s == .right ? -1.0 : 1.0
            let x0 = a.midlineX + sign * a.thoraxHalfWidth * 0.88, x1 = a.midlineX + sign * a.thoraxHalfWidth * 0.95
            let y = a.angleY(s)
            return (min(x0, x1)...max(x0, x1), (y - 0.055)...(y - 0.03))
        }
        let (x, y) = angle(side)
        #expect(fluid.mean(x: x, y: y) > normal.mean(x: x, y: y) + 0.15)
        let other = angle(side == .right ? .left : .right)
        #expect(abs(fluid.mean(x: other.0, y: other.1) - normal.mean(x: other.0, y: other.1)) < 0.02)
    }

    @Test func traceEffusionOnlyBluntsTheAngle() {
        let (normal, trace, drawn) = pair(.pleuralEffusion, .uncertain, seed: 4)
        #expect(drawn?.severity == .borderline)
        let a = normal.truth.anatomy
        // Mid-lung is unchanged.
        let mid = (a.midlineX - 0.2)...(a.midlineX - 0.15), midY = (a.apexY + 0.2)...(a.apexY + 0.25)
        #expect(abs(trace.mean(x: mid, y: midY) - normal.mean(x: mid, y: midY)) < 0.005)
        #expect(trace.pixels != normal.pixels)
    }

    @Test func pneumothoraxRemovesPeripheralMarkings() {
        let (normal, collapsed, drawn) = pair(.pneumothorax, seed: 6)
        let side = drawn!.side!, rim = drawn!.parameters["rimWidth"]!
        let a = normal.truth.anatomy
        let sign = side == .right ? -1.0 : 1.0
        let yc = a.apexY + 0.17, y = (yc - 0.05)...(yc + 0.05)
        let lateral = a.lateral(yc, side)
        let x0 = a.midlineX + sign * (lateral - rim * 0.55), x1 = a.midlineX + sign * (lateral - rim * 0.1)
        let x = min(x0, x1)...max(x0, x1)
        #expect(collapsed.mean(x: x, y: y) < normal.mean(x: x, y: y) - 0.01)  // more air, darker
        #expect(collapsed.texture(x: x, y: y) < normal.texture(x: x, y: y))  // no vessels beyond the line
    }

    @Test(arguments: [UInt64(12), 14, 16, 17])
    func consolidationIsADenseLobarOpacity(seed: UInt64) {
        let (normal, dense, drawn) = pair(.consolidation, seed: seed)
        #expect(drawn?.detail?.hasSuffix("lobe") == true)
        let a = normal.truth.anatomy
        let sign = drawn!.side == .right ? -1.0 : 1.0
        let lobe = drawn!.detail!
        let (d, y): (ClosedRange<Double>, ClosedRange<Double>) =
            lobe.contains("upper") ? (0.2...0.26, (a.apexY + 0.06)...(a.apexY + 0.12))
            : lobe.contains("middle") ? (0.13...0.19, (a.carinaY + 0.12)...(a.carinaY + 0.17))
            : (0.22...0.28, (a.domeY(drawn!.side!) - 0.1)...(a.domeY(drawn!.side!) - 0.06))
        let x0 = a.midlineX + sign * d.lowerBound, x1 = a.midlineX + sign * d.upperBound
        let x = min(x0, x1)...max(x0, x1)
        #expect(dense.mean(x: x, y: y) > normal.mean(x: x, y: y) + 0.15, "\(drawn!.detail!)")
    }

    @Test(arguments: [Finding.pneumonia, .lungOpacity, .edema])
    func airspaceFindingsWhitenTheLungs(finding: Finding) {
        let (normal, sick, _) = pair(finding, seed: 7)
        let a = normal.truth.anatomy
        let lungs = (a.midlineX - a.thoraxHalfWidth)...(a.midlineX + a.thoraxHalfWidth)
        let y = (a.apexY + 0.1)...(a.rightDomeY - 0.05)
        #expect(sick.mean(x: lungs, y: y) > normal.mean(x: lungs, y: y) + 0.005)
    }

    @Test func edemaIsBilateralAndPerihilar() {
        let (normal, wet, _) = pair(.edema, seed: 2)
        let a = normal.truth.anatomy
        for sign in [-1.0, 1.0] {
            let x0 = a.midlineX + sign * (a.mediastinumHalfWidth + 0.05), x1 = x0 + sign * 0.06
            let x = min(x0, x1)...max(x0, x1), y = (a.carinaY + 0.06)...(a.carinaY + 0.12)
            #expect(wet.mean(x: x, y: y) > normal.mean(x: x, y: y) + 0.03)
        }
    }

    @Test func atelectasisRaisesTheHemidiaphragmAndAddsABand() {
        let (normal, collapsed, drawn) = pair(.atelectasis, seed: 10)
        let lift = drawn!.parameters["diaphragmLift"]!
        #expect(lift > 0.03)
        for side in drawn!.side!.lungsForTest {
            let before = side == .right ? normal.truth.anatomy.rightDomeY : normal.truth.anatomy.leftDomeY
            let after = side == .right ? collapsed.truth.anatomy.rightDomeY : collapsed.truth.anatomy.leftDomeY
            #expect(abs(before - after - lift) < 1e-9)
        }
        #expect(collapsed.mean(x: 0.1...0.9, y: 0.5...0.8) > normal.mean(x: 0.1...0.9, y: 0.5...0.8))
    }

    @Test func lesionIsARoundDensityAtItsCentre() {
        let (normal, nodule, drawn) = pair(.lungLesion, seed: 13, severity: .moderate)
        let cx = drawn!.parameters["centreX"]!, cy = drawn!.parameters["centreY"]!
        let r = max(0.006, drawn!.parameters["diameterMM"]! / 430 / 4)
        let box = ((cx - r)...(cx + r), (cy - r)...(cy + r))
        #expect(nodule.mean(x: box.0, y: box.1) > normal.mean(x: box.0, y: box.1) + 0.1)
    }

    @Test func pleuralThickeningLinesTheChestWall() {
        let (normal, thick, drawn) = pair(.pleuralOther, seed: 15)
        let changed = zip(normal.pixels, thick.pixels).enumerated().filter { abs(Int($0.element.0) - Int($0.element.1)) > 1500 }
        #expect(!changed.isEmpty)
        // Changes hug the lateral edge of the lung on the drawn side.
        let a = normal.truth.anatomy
        let sides = drawn!.side!.lungsForTest
        for (index, _) in changed {
            let x = (Double(index % Self.size) + 0.5) / Double(Self.size)
            let d = x - a.midlineX
            #expect(sides.contains(d < 0 ? .right : .left))
            #expect(abs(d) > a.thoraxHalfWidth * 0.3)
        }
    }

    @Test func fractureChangesOneRibOnly() {
        let (normal, broken, drawn) = pair(.fracture, seed: 4)
        #expect(drawn?.detail == "displaced")
        let changed = zip(normal.pixels, broken.pixels).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(!changed.isEmpty)
        let xs = changed.map { $0 % Self.size }, ys = changed.map { $0 / Self.size }
        #expect(xs.max()! - xs.min()! < Self.size / 3)
        #expect(ys.max()! - ys.min()! < Self.size / 4)
        let a = normal.truth.anatomy
        let sign = drawn!.side == .right ? -1.0 : 1.0
        let expectedX = a.midlineX + sign * drawn!.parameters["position"]! * a.thoraxHalfWidth
        let meanX = Double(xs.reduce(0, +)) / Double(xs.count) / Double(Self.size)
        #expect(abs(meanX - expectedX) < 0.1)
    }

    @Test func supportDevicesAddMetalDensity() {
        let (normal, devices, drawn) = pair(.supportDevices, seed: 3)
        #expect(drawn?.detail?.isEmpty == false)
        let bright = { (p: Phantom) in p.pixels.filter { $0 > 60000 }.count }
        #expect(bright(devices) > bright(normal) + 20)
    }
}

extension BodySide {
    var lungsForTest: [BodySide] { self == .bilateral ? [.right, .left] : [self] }
}
