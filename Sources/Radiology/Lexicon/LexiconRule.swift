/// The kinds of trigger phrase, one lexicon file each in `Resources/Triggers/` (keyed by the
/// file stem, which is the raw value).
enum TriggerKind: String, CaseIterable, Sendable {
    /// Negates mentions in its scope ("no", "without", "is normal").
    case negation
    /// Makes mentions in its scope uncertain ("may", "possible", "versus").
    case uncertainty
    /// Uncertain even though it looks like a negation ("cannot exclude", "not excluded",
    /// "no new"); it wins over negation.
    case preNegationUncertainty = "pre_negation_uncertainty"
    /// Ends a clause: no scope crosses it ("but", "however", ";").
    case clauseBoundary = "clause_boundary"
    /// Words that make an anatomy mention a finding ("enlarged", "widened", "blunted").
    case abnormality
    /// Phrases that contain a trigger word but trigger nothing ("no change", "not only").
    case pseudoTrigger = "pseudo_trigger"
    /// Auxiliaries and copulas ("is", "are", "has been") that sit between a subject and a
    /// trigger after it ("effusion *is* not seen").
    case copula
    /// Predicates of existence ("seen", "identified", "present"): "no A or B is seen" keeps
    /// B in the negation's scope, while "no A and the heart is enlarged" does not.
    case existence

    /// Whether lines of this kind must give a direction (`>`, `<`, `<>`).
    var hasDirection: Bool {
        switch self {
        case .negation, .uncertainty, .preNegationUncertainty, .abnormality: true
        case .clauseBoundary, .pseudoTrigger, .copula, .existence: false
        }
    }
}

/// Which way from a trigger its scope reaches.
struct ScopeDirection: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    /// Over the words after the trigger ("no [effusion]").
    static let forward = ScopeDirection(rawValue: 1)
    /// Over the subject before the trigger ("[effusion] has resolved").
    static let backward = ScopeDirection(rawValue: 2)
}

/// A trigger phrase's meaning.
struct TriggerRule: Sendable, Hashable {
    var kind: TriggerKind
    var direction: ScopeDirection
    /// The most tokens the forward scope may reach (an adjective such as "normal" qualifies only
    /// the words right after it: "normal heart size and [no reach] small effusion").
    var forwardWindow: Int = Labeler.forwardWindow
}

/// A mention phrase's meaning.
struct MentionRule: Sendable, Hashable {
    /// What a mention refers to.
    enum Target: Sendable, Hashable {
        /// One of the 14 observations.
        case observation(Observation)
        /// An abnormality outside the 14 that still rules out No Finding (emphysema, scoliosis).
        case otherAbnormality
        /// Not a mention: blocks the shorter mentions it contains ("pericardial effusion").
        case unmention
    }

    var target: Target
    /// An anatomical term ("heart size", "cardiac silhouette") that states something only
    /// together with an abnormality word or a negation; alone it is no mention.
    var isAnatomy: Bool
}
