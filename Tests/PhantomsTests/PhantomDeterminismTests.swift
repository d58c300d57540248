import Foundation
import Radiology
import Phantoms
import Testing

@Suite struct PhantomDeterminismTests {
    let mixed = labels([.cardiomegaly: .positive, .pleuralEffusion: .uncertain, .supportDevices: .positive])

    @Test func sameSeedGivesSameBytes() throws {
        let a = Phantom(labels: mixed, seed: 42, width: 128, height: 128)
        let b = Phantom(labels: mixed, seed: 42, width: 128, height: 128)
        #expect(a.pixels == b.pixels)
        #expect(try a.pngData() == b.pngData())
        #expect(try a.truth.jsonData() == b.truth.jsonData())
    }

    @Test func differentSeedsDiffer() {
        let a = Phantom(labels: mixed, seed: 1, width: 128, height: 128)
        let b = Phantom(labels: mixed, seed: 2, width: 128, height: 128)
        let changed = zip(a.pixels, b.pixels).filter { abs(Int($0) - Int($1)) > 2000 }.count
        #expect(changed > a.pixels.count / 20)
        #expect(a.truth.anatomy.thoraxHalfWidth != b.truth.anatomy.thoraxHalfWidth)
    }

    @Test func addingAFindingKeepsTheRestOfTheFilm() {
        let normal = Phantom(labels: labels([:]), seed: 9, width: 128, height: 128)
        let lesion = Phantom(labels: labels([.lungLesion: .positive]), seed: 9, width: 128, height: 128)
        let changed = zip(normal.pixels, lesion.pixels).filter { $0 != $1 }.count
        #expect(changed > 0)
        #expect(changed < normal.pixels.count / 20)
    }

    @Test func truthSaysSyntheticAndListsEveryObservation() throws {
        let phantom = Phantom(labels: mixed, seed: 3, width: 64, height: 64)
        let json = try JSONSerialization.jsonObject(with: phantom.truth.jsonData()) as! [String: Any]
        #expect(json["synthetic"] as? Bool == true)
        let states = json["labels"] as! [String: String]
        #expect(states.count == 14)
        #expect(states["Cardiomegaly"] == "positive")
        #expect(states["Pleural Effusion"] == "uncertain")
        #expect(states["No Finding"] == "absent")
        let codes = json["chexpert"] as! [String: Any]
        #expect(codes["Pleural Effusion"] as? Int == -1)
        #expect(codes["Pneumothorax"] is NSNull)
    }

    @Test func normalFilmAnatomyIsPlausible() {
        for seed in UInt64(1)...8 {
            let truth = Phantom(labels: labels([:]), seed: seed, width: 64, height: 64).truth
            #expect((0.38...0.48).contains(truth.anatomy.cardiothoracicRatio))
            #expect(abs(truth.anatomy.rotationDegrees) <= 3)
            #expect(truth.labels["No Finding"] == .positive)
        }
    }

    @Test(arguments: [(32, 32), (100, 60), (60, 100), (257, 255)])
    func anySizeRendersEveryFinding(size: (Int, Int)) throws {
        var all = FindingLabels()
        for finding in Finding.allCases where finding != .noFinding { all[finding] = .positive }
        let phantom = Phantom(labels: all.normalised(), seed: 77, width: size.0, height: size.1)
        #expect(phantom.pixels.count == size.0 * size.1)
        #expect(phantom.truth.findings.count == 12)  // Lung Opacity is drawn by the specific findings
        #expect(try phantom.pngData().count > 8)
    }
}
