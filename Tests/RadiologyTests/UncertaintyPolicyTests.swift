import Testing
@testable import Radiology

@Suite struct UncertaintyPolicyTests {
    @Test(arguments: [
        ("U-Ones", UncertaintyPolicy.uOnes), ("u_ones", .uOnes), ("uOnes", .uOnes), ("ones", .uOnes),
        ("U-Zeros", .uZeros), ("u-zeros", .uZeros), ("U-Ignore", .uIgnore), ("ignore", .uIgnore),
        ("U-SelfTrained", .uSelfTrained), ("u_self_trained", .uSelfTrained),
        ("U-MultiClass", .uMultiClass), ("multi-class", .uMultiClass), ("U_MULTICLASS", .uMultiClass),
    ])
    func parses(_ text: String, _ policy: UncertaintyPolicy) {
        #expect(UncertaintyPolicy(parsing: text) == policy)
    }

    @Test func rejectsUnknownNames() {
        #expect(UncertaintyPolicy(parsing: "U-Twos") == nil)
        #expect(UncertaintyPolicy(parsing: "") == nil)
    }

    @Test func paperDefaults() {
        let policies = UncertaintyPolicies.paperDefaults
        #expect(policies[.atelectasis] == .uOnes)
        #expect(policies[.edema] == .uOnes)
        #expect(policies[.consolidation] == .uSelfTrained)
        for observation in Observation.allCases where ![.atelectasis, .edema, .consolidation].contains(observation) {
            #expect(policies[observation] == .uMultiClass)
        }
    }

    @Test func configurationOverridesDefaults() throws {
        let policies = try UncertaintyPolicies(parsing: ["pleural_effusion": "u_zeros", "Cardiomegaly": "U-Ignore"])
        #expect(policies[.pleuralEffusion] == .uZeros)
        #expect(policies[.cardiomegaly] == .uIgnore)
        #expect(policies[.edema] == .uOnes)
        #expect(throws: UncertaintyPolicyError.self) { try UncertaintyPolicies(parsing: ["Effusion": "U-Ones"]) }
        #expect(throws: UncertaintyPolicyError.self) { try UncertaintyPolicies(parsing: ["Edema": "maybe"]) }
    }
}

@Suite struct LabelVectorTests {
    /// Edema uncertain, the rest fixed, under one policy for all.
    private func vector(_ policy: UncertaintyPolicy, probability: Float? = nil) -> LabelVector {
        let labels = ObservationLabels([.edema: .uncertain, .cardiomegaly: .positive, .pneumothorax: .negative])
        return LabelVector(labels: labels, policies: .uniform(policy), selfTrainedProbability: probability.map { p in { _ in p } })
    }

    @Test func fixedStatesEncodeAsPlusMinusOneAndZero() {
        let v = vector(.uMultiClass)
        #expect(LabelVector.dimension == 28)
        #expect(v.values.count == 28 && v.mask.count == 14)
        #expect(v.polarity(.cardiomegaly) == 1)
        #expect(v.polarity(.pneumothorax) == -1)
        #expect(v.polarity(.fracture) == 0)
        #expect(v.uncertainty(.cardiomegaly) == 0)
    }

    @Test func uIgnoreMasksTheObservation() {
        let v = vector(.uIgnore)
        #expect(v.polarity(.edema) == 0 && v.uncertainty(.edema) == 0)
        #expect(v.mask[Observation.edema.index] == 0)
        #expect(v.mask[Observation.cardiomegaly.index] == 1)
    }

    @Test func uZerosReadsNegative() {
        let v = vector(.uZeros)
        #expect(v.polarity(.edema) == -1 && v.uncertainty(.edema) == 0 && v.mask[Observation.edema.index] == 1)
    }

    @Test func uOnesReadsPositive() {
        let v = vector(.uOnes)
        #expect(v.polarity(.edema) == 1 && v.uncertainty(.edema) == 0)
    }

    @Test func uMultiClassUsesTheUncertaintyChannel() {
        let v = vector(.uMultiClass)
        #expect(v.polarity(.edema) == 0 && v.uncertainty(.edema) == 1)
        #expect(v.similarity(to: v) == 1 + 1 + 1) // cardiomegaly, pneumothorax, edema's uncertainty channel
    }

    @Test func uSelfTrainedWaitsForTheTrainersProbability() {
        var v = vector(.uSelfTrained)
        #expect(v.pendingSelfTrained == [.edema])
        #expect(v.mask[Observation.edema.index] == 0 && v.polarity(.edema) == 0)
        v.applySelfTrainedProbability(0.75, for: .edema)
        #expect(v.pendingSelfTrained.isEmpty)
        #expect(v.polarity(.edema) == 0.5 && v.mask[Observation.edema.index] == 1)
        v.applySelfTrainedProbability(0.1, for: .edema) // no longer pending: ignored
        #expect(v.polarity(.edema) == 0.5)
    }

    @Test func uSelfTrainedWithAProbabilityUpFront() {
        let v = vector(.uSelfTrained, probability: 0.25)
        #expect(v.pendingSelfTrained.isEmpty && v.polarity(.edema) == -0.5)
    }

    @Test func paperDefaultsOnALabeledReport() throws {
        let labels = try Labeler().labelReport("Possible atelectasis. Cannot exclude consolidation. Borderline cardiomegaly.").aggregate
        let v = LabelVector(labels: labels)
        #expect(v.polarity(.atelectasis) == 1)                       // U-Ones
        #expect(v.pendingSelfTrained == [.consolidation])            // U-SelfTrained
        #expect(v.polarity(.cardiomegaly) == 0 && v.uncertainty(.cardiomegaly) == 1) // U-MultiClass
    }
}
