public import Radiology
public import Tensors

/// Turns an item's CheXpert labels into the label vector the semantic-matching loss compares
/// (``LabelVector``, 28 values), with the run's per-observation uncertainty policies and the
/// U-SelfTrained probabilities derived so far.
///
/// **Items with no label at all** (nothing mentioned: an unpaired image, a sentence about
/// something else) are encoded as *No Finding* positive and nothing else, as MedCLIP does: they
/// still train, they match normal studies, and no label vector is all zeros (whose cosine
/// similarity would be undefined).
public struct TrainingLabels: Sendable {
    public let policies: UncertaintyPolicies
    /// U-SelfTrained probabilities by item id and observation (from phase 1 of the run).
    public private(set) var selfTrained: [String: [Observation: Float]]

    public init(policies: UncertaintyPolicies = .paperDefaults, selfTrained: [String: [Observation: Float]] = [:]) {
        self.policies = policies
        self.selfTrained = selfTrained
    }

    /// The label vector of one item.
    public func vector(id: String, labels: ObservationLabels) -> LabelVector {
        var labels = labels
        if labels.mentioned.isEmpty { labels[.noFinding] = .positive }
        let derived = selfTrained[id]
        return LabelVector(labels: labels, policies: policies, selfTrainedProbability: { derived?[$0] })
    }

    /// `[count, 28]` label vectors of `items` as a constant tensor.
    public func matrix(_ items: [(id: String, labels: ObservationLabels)]) -> Tensor {
        var values: [Float] = []
        values.reserveCapacity(items.count * LabelVector.dimension)
        for item in items { values += vector(id: item.id, labels: item.labels).values }
        return Tensor(shape: [items.count, LabelVector.dimension], values: values)
    }

    /// The uncertain U-SelfTrained observations of an item that have no probability yet.
    public func pending(id: String, labels: ObservationLabels) -> [Observation] {
        vector(id: id, labels: labels).pendingSelfTrained
    }

    /// Records a U-SelfTrained probability for one observation of one item.
    public mutating func setProbability(_ probability: Float, for observation: Observation, of id: String) {
        selfTrained[id, default: [:]][observation] = probability
    }
}
