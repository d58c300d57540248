import Testing
@testable import Radiology

@Suite struct ObservationTests {
    /// The label table cannot drift: 14 observations, No Finding first, Support Devices last.
    @Test func fourteenInCheXpertOrder() {
        #expect(Observation.allCases.count == 14)
        #expect(Observation.allCases.first == .noFinding)
        #expect(Observation.allCases.last == .supportDevices)
        #expect(Observation.allCases.map(\.index) == Array(0..<14))
        #expect(Observation.findings.count == 13)
    }

    @Test func namesParse() {
        #expect(Observation(name: "Pleural Effusion") == .pleuralEffusion)
        #expect(Observation(name: "pleural_effusion") == .pleuralEffusion)
        #expect(Observation(name: "enlarged-cardiomediastinum") == .enlargedCardiomediastinum)
        #expect(Observation(name: "Effusion") == nil)
        #expect(Observation.pleuralEffusion.fileStem == "pleural_effusion")
    }

    @Test func labelsSubscriptAndCells() {
        var labels = ObservationLabels()
        labels[.cardiomegaly] = .positive
        labels[.edema] = .uncertain
        labels[.pneumothorax] = .negative
        #expect(labels.mentioned.map(\.0) == [.cardiomegaly, .edema, .pneumothorax])
        #expect(labels.chexpertCells == ["", "", "1.0", "", "", "-1.0", "", "", "", "0.0", "", "", "", ""])
    }
}
