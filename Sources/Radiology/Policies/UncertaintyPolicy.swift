/// What an *uncertain* label means when it is used for training (CheXpert's uncertainty
/// approaches, chosen per observation by 3M-CLIP's "targeted label disambiguation").
///
/// The exact numbers each policy produces are documented on ``LabelVector``.
public enum UncertaintyPolicy: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Uncertain labels are left out: the observation carries no information for that item.
    case uIgnore = "U-Ignore"
    /// Uncertain is read as negative.
    case uZeros = "U-Zeros"
    /// Uncertain is read as positive.
    case uOnes = "U-Ones"
    /// A model trained while ignoring uncertain labels predicts a probability for them, and that
    /// probability is used (supplied later, see ``LabelVector/applySelfTrainedProbability(_:for:)``).
    case uSelfTrained = "U-SelfTrained"
    /// Uncertain is a class of its own (a separate channel of the label vector).
    case uMultiClass = "U-MultiClass"

    public var description: String { rawValue }

    /// Parses a policy name in any of the usual spellings: "U-Ones", "u_ones", "uOnes", "ones",
    /// "U-MultiClass", "multi-class" (case, `-`, `_` and spaces ignored; the `U` prefix optional).
    public init?(parsing text: String) {
        var key = String(text.lowercased().filter { $0.isLetter })
        if key.hasPrefix("u"), UncertaintyPolicy.byKey[key] == nil { key.removeFirst() }
        guard let policy = UncertaintyPolicy.byKey[key] else { return nil }
        self = policy
    }

    private static let byKey: [String: UncertaintyPolicy] = [
        "ignore": .uIgnore, "zeros": .uZeros, "zero": .uZeros, "ones": .uOnes, "one": .uOnes,
        "selftrained": .uSelfTrained, "selftraining": .uSelfTrained, "multiclass": .uMultiClass,
    ]

    /// The paper's choice (3M-CLIP, DESIGN.md §4): U-Ones for Atelectasis and Edema,
    /// U-SelfTrained for Consolidation, U-MultiClass for every other observation.
    public static func paperDefault(for observation: Observation) -> UncertaintyPolicy {
        switch observation {
        case .atelectasis, .edema: .uOnes
        case .consolidation: .uSelfTrained
        default: .uMultiClass
        }
    }
}

/// One ``UncertaintyPolicy`` per observation.
public struct UncertaintyPolicies: Sendable, Hashable, Codable {
    private var policies: [UncertaintyPolicy]

    /// The paper's defaults (``UncertaintyPolicy/paperDefault(for:)``), with `overrides` applied.
    public init(overrides: [Observation: UncertaintyPolicy] = [:]) {
        policies = Observation.allCases.map { overrides[$0] ?? UncertaintyPolicy.paperDefault(for: $0) }
    }

    /// The paper's defaults.
    public static let paperDefaults = UncertaintyPolicies()

    /// The same policy for every observation.
    public static func uniform(_ policy: UncertaintyPolicy) -> UncertaintyPolicies {
        UncertaintyPolicies(overrides: Dictionary(uniqueKeysWithValues: Observation.allCases.map { ($0, policy) }))
    }

    /// Policies from configuration text: keys are observation names or file stems
    /// ("Atelectasis", "pleural_effusion"), values policy names ("U-Ones", "u_zeros"); observations
    /// not named keep the paper's default.
    public init(parsing entries: [String: String]) throws(UncertaintyPolicyError) {
        var overrides: [Observation: UncertaintyPolicy] = [:]
        for (key, value) in entries {
            guard let observation = Observation(name: key) else { throw UncertaintyPolicyError(unknownObservation: key) }
            guard let policy = UncertaintyPolicy(parsing: value) else { throw UncertaintyPolicyError(unknownPolicy: value, for: key) }
            overrides[observation] = policy
        }
        self.init(overrides: overrides)
    }

    public subscript(_ observation: Observation) -> UncertaintyPolicy {
        get { policies[observation.index] }
        set { policies[observation.index] = newValue }
    }
}

/// A policy configuration that names an unknown observation or policy.
public struct UncertaintyPolicyError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    init(unknownObservation key: String) {
        message = "'\(key)' is not a CheXpert observation (e.g. \"Pleural Effusion\" or pleural_effusion)"
    }

    init(unknownPolicy value: String, for key: String) {
        let known = UncertaintyPolicy.allCases.map(\.rawValue).joined(separator: ", ")
        message = "'\(value)' for \(key) is not an uncertainty policy (\(known))"
    }

    public var description: String { message }
}
