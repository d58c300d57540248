import Testing
@testable import Radiology

@Suite struct AggregationTests {
    let labeler = try! Labeler()

    @Test func mergeOrderIsPositiveThenUncertainThenNegative() {
        #expect(LabelState.negative.merged(with: .uncertain) == .uncertain)
        #expect(LabelState.uncertain.merged(with: .negative) == .uncertain)
        #expect(LabelState.uncertain.merged(with: .positive) == .positive)
        #expect(LabelState.negative.merged(with: .positive) == .positive)
        #expect(LabelState.notMentioned.merged(with: .negative) == .negative)
        #expect(LabelState.notMentioned.merged(with: .notMentioned) == .notMentioned)
    }

    @Test func chexpertValuesRoundTrip() {
        for state in LabelState.allCases { #expect(LabelState(chexpertValue: state.chexpertValue) == state) }
        #expect(LabelState(chexpertValue: 7) == nil)
    }

    @Test func positiveInOneSentenceWins() {
        let report = labeler.labelReport("No effusion on the right. Small left effusion.")
        #expect(report.sentences.map { $0.labels[.pleuralEffusion] } == [.negative, .positive])
        #expect(report[.pleuralEffusion] == .positive)
    }

    @Test func negativeAndUncertainGiveUncertain() {
        let report = labeler.labelReport("No pneumonia on the right. Possible left basilar pneumonia.")
        #expect(report[.pneumonia] == .uncertain)
    }

    @Test func sentencesKeepTheirText() {
        let report = labeler.labelReport("1. No effusion. 2. Mild cardiomegaly.")
        #expect(report.sentences.map(\.text) == ["No effusion", "Mild cardiomegaly"])
        #expect(report.sentences.allSatisfy { $0.labels[.noFinding] == .notMentioned })
    }

    @Test func noFindingWhenNothingIsPositiveOrUncertain() {
        #expect(labeler.labelReport("Lungs are clear. No effusion or pneumothorax.")[.noFinding] == .positive)
        #expect(labeler.labelReport("No acute cardiopulmonary abnormality.")[.noFinding] == .positive)
        #expect(labeler.labelReport("")[.noFinding] == .positive) // as CheXpert: nothing found
    }

    @Test func noFindingIgnoresSupportDevices() {
        let report = labeler.labelReport("Right PICC tip in the SVC. Lungs are clear.")
        #expect(report[.supportDevices] == .positive)
        #expect(report[.noFinding] == .positive)
    }

    @Test func noFindingIsBlankWithAFinding() {
        #expect(labeler.labelReport("Small left effusion.")[.noFinding] == .notMentioned)
        #expect(labeler.labelReport("Possible pneumonia.")[.noFinding] == .notMentioned)
    }

    @Test(arguments: ["Emphysema.", "Mild scoliosis of the thoracic spine.", "Calcified granuloma in the right upper lobe.",
                      "Small hiatal hernia.", "The lungs are hyperinflated.", "Hyperexpanded but clear lungs."])
    func otherAbnormalitiesBlankNoFinding(_ text: String) {
        let report = labeler.labelReport(text)
        #expect(report[.noFinding] == .notMentioned)
        #expect(Observation.findings.allSatisfy { report[$0] == .notMentioned })
    }

    @Test func negatedOtherAbnormalityKeepsNoFinding() {
        #expect(labeler.labelReport("No hiatal hernia. Lungs clear.")[.noFinding] == .positive)
    }

    @Test func aggregateOnlyPathMatchesFullPath() {
        for report in CheXpertSamples.reports {
            #expect(labeler.labelAggregate(report) == labeler.labelReport(report).aggregate)
        }
    }
}
