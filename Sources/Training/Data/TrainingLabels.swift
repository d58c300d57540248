public import Radiology
public import Tensors

/// Turns an item's CheXpert labels into the label vector the semantic-matching loss compares
/// (``LabelVector``, 28 values), with the run's per-observation uncertainty policies and the
/// U-SelfTrained probabilities derived so far.
///
/// **Items with no label at all** (nothing mentioned: an image without a report, a sentence
/// about something else) are encoded as *No Finding* positive and nothing else, as MedCLIP does:
/// they still train, they match normal studies, and no label vector is all zeros (whose cosine
/// similarity would be undefined).
///
/// **Items still awaiting labels** (`labels == nil`: a report in another language that has not
/// been labeled through its English translation yet) get no CheXpert channels; instead each
/// batch adds one *study channel* per such study, set for that study's items only. Their label
/// similarity is then 1 with the other items of their own study and 0 with everything else, so
/// for them the semantic-matching targets become CLIP's true-pair targets: they train as pairs,
/// and multilingual reports teach the text tower before any translation exists.
public struct TrainingLabels: Sendable {
    public let policies: UncertaintyPolicies
    /// How much a negative mention counts in the label similarity: 1 keeps ``LabelVector``'s −1,
    /// 0 gives MedCLIP's positive-only vectors (then a text or study that only negates findings
    /// reads as *No Finding*, which is what it says). Shared negatives otherwise make reports about
    /// different findings look alike and flatten the soft targets.
    public let negativeWeight: Float
    /// U-SelfTrained probabilities by item id and observation (from phase 1 of the run).
    public private(set) var selfTrained: [String: [Observation: Float]]

    public init(policies: UncertaintyPolicies = .paperDefaults, selfTrained: [String: [Observation: Float]] = [:],
                negativeWeight: Float = 1) {
        precondition((0...1).contains(negativeWeight), "TrainingLabels: negativeWeight must be in 0…1")
        self.policies = policies
        self.selfTrained = selfTrained
        self.negativeWeight = negativeWeight
    }

    /// The label vector of one labeled item.
    public func vector(id: String, labels: ObservationLabels) -> LabelVector {
        var labels = labels
        let informative = negativeWeight > 0 ? labels.mentioned : labels.mentioned.filter { $0.1 != .negative }
        if informative.isEmpty { labels[.noFinding] = .positive }
        let derived = selfTrained[id]
        return LabelVector(labels: labels, policies: policies, selfTrainedProbability: { derived?[$0] })
    }

    /// One item of a batch, as the label matrices need it.
    public struct Item: Sendable {
        public var id: String
        public var studyKey: String
        public var labels: ObservationLabels?

        public init(id: String, studyKey: String, labels: ObservationLabels?) {
            self.id = id
            self.studyKey = studyKey
            self.labels = labels
        }
    }

    /// The batch's image and text label matrices, `[images, 28 + s]` and `[texts, 28 + s]`, with
    /// one study channel for each of the `s` studies that have items awaiting labels (constants).
    public func matrices(images: [Item], texts: [Item]) -> (images: Tensor, texts: Tensor) {
        var studyChannel: [String: Int] = [:]
        for item in images + texts where item.labels == nil && studyChannel[item.studyKey] == nil {
            studyChannel[item.studyKey] = studyChannel.count
        }
        let width = LabelVector.dimension + studyChannel.count
        func matrix(_ items: [Item]) -> Tensor {
            var values = [Float](repeating: 0, count: items.count * width)
            for (row, item) in items.enumerated() {
                if let labels = item.labels {
                    for (column, value) in weightedValues(id: item.id, labels: labels).enumerated() {
                        values[row * width + column] = value
                    }
                } else {
                    values[row * width + LabelVector.dimension + studyChannel[item.studyKey]!] = 1
                }
            }
            return Tensor(shape: [items.count, width], values: values)
        }
        return (matrix(images), matrix(texts))
    }

    /// The ``LabelVector/dimension`` values a labeled item contributes to the label similarity:
    /// its label vector with negative mentions weighted by ``negativeWeight`` (what a training
    /// snapshot exports for the PyTorch trainer).
    public func weightedValues(id: String, labels: ObservationLabels) -> [Float] {
        vector(id: id, labels: labels).values.map { $0 < 0 ? $0 * negativeWeight : $0 }
    }

    /// The uncertain U-SelfTrained observations of an item that have no probability yet.
    public func pending(id: String, labels: ObservationLabels?) -> [Observation] {
        labels.map { vector(id: id, labels: $0).pendingSelfTrained } ?? []
    }

    /// Records a U-SelfTrained probability for one observation of one item.
    public mutating func setProbability(_ probability: Float, for observation: Observation, of id: String) {
        selfTrained[id, default: [:]][observation] = probability
    }
}
