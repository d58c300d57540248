/// The numeric label vector of a report or sentence, as the semantic-matching loss uses it
/// (label similarity S = Lᵥ·Lₜᵀ, MedCLIP).
///
/// ## Encoding
/// ``values`` has ``dimension`` = 28 components, two per observation in CheXpert order
/// (``Observation/index``):
/// - `values[i]` (polarity channel): positive **+1**, negative **−1**, not mentioned **0**;
///   uncertain by the observation's ``UncertaintyPolicy``:
///   - U-Ignore: **0**, and `mask[i] = 0` (the trainer leaves the label out);
///   - U-Zeros: **−1** (read as negative);
///   - U-Ones: **+1** (read as positive);
///   - U-SelfTrained: **2p − 1** once the trainer supplies the probability p that the finding is
///     present (``applySelfTrainedProbability(_:for:)``); until then **0** with `mask[i] = 0`
///     and the observation listed in ``pendingSelfTrained``;
///   - U-MultiClass: **0**.
/// - `values[14 + i]` (uncertainty channel): **1** when the label is uncertain under U-MultiClass,
///   else **0**. Two uncertain mentions of the same observation thus match each other, and
///   neither matches a positive or a negative one.
///
/// ``mask`` has 14 components: 1 where the observation's label informs training, 0 where an
/// uncertain label is ignored or still waits for its self-trained probability.
public struct LabelVector: Sendable, Hashable, Codable {
    /// Two channels (polarity, uncertainty) per observation.
    public static let dimension = 2 * Observation.allCases.count

    public private(set) var values: [Float]
    public private(set) var mask: [Float]
    /// Uncertain U-SelfTrained observations still waiting for their probability.
    public private(set) var pendingSelfTrained: [Observation]

    /// Encodes `labels` with `policies`. `selfTrainedProbability`, when given, supplies the
    /// probability for uncertain U-SelfTrained observations right away (nil leaves one pending).
    public init(labels: ObservationLabels, policies: UncertaintyPolicies = .paperDefaults,
                selfTrainedProbability: ((Observation) -> Float?)? = nil) {
        let count = Observation.allCases.count
        values = [Float](repeating: 0, count: 2 * count)
        mask = [Float](repeating: 1, count: count)
        pendingSelfTrained = []
        for observation in Observation.allCases {
            let i = observation.index
            switch labels[observation] {
            case .notMentioned: values[i] = 0
            case .positive: values[i] = 1
            case .negative: values[i] = -1
            case .uncertain:
                switch policies[observation] {
                case .uIgnore: mask[i] = 0
                case .uZeros: values[i] = -1
                case .uOnes: values[i] = 1
                case .uMultiClass: values[count + i] = 1
                case .uSelfTrained:
                    if let probability = selfTrainedProbability?(observation) {
                        values[i] = LabelVector.polarity(probability: probability)
                    } else {
                        mask[i] = 0
                        pendingSelfTrained.append(observation)
                    }
                }
            }
        }
    }

    /// The trainer's hook for U-SelfTrained: sets the polarity of a pending observation to
    /// 2p − 1 for the probability `probability` (clamped to [0, 1]) and unmasks it. Does nothing
    /// for an observation that is not pending.
    public mutating func applySelfTrainedProbability(_ probability: Float, for observation: Observation) {
        guard let position = pendingSelfTrained.firstIndex(of: observation) else { return }
        pendingSelfTrained.remove(at: position)
        values[observation.index] = LabelVector.polarity(probability: probability)
        mask[observation.index] = 1
    }

    /// The polarity channel of `observation` (−1…+1).
    public func polarity(_ observation: Observation) -> Float { values[observation.index] }

    /// The uncertainty channel of `observation` (0 or 1).
    public func uncertainty(_ observation: Observation) -> Float { values[Observation.allCases.count + observation.index] }

    /// The dot product of two label vectors: one entry of MedCLIP's label similarity matrix.
    public func similarity(to other: LabelVector) -> Float {
        var sum: Float = 0
        for i in values.indices { sum += values[i] * other.values[i] }
        return sum
    }

    private static func polarity(probability: Float) -> Float {
        2 * min(max(probability.isNaN ? 0.5 : probability, 0), 1) - 1
    }
}
