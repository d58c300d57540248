/// Per-token working arrays reused across the sentences of one report.
struct SentenceScratch {
    /// What each token is to scope detection (see ``TokenRole``).
    var roles: [TokenRole]
    /// Per token: the trigger kinds whose scope covers it (bits of ``CoverBits``).
    var cover: [UInt8]
    var mentions: [MatchedMention] = []
    var triggers: [MatchedTrigger] = []

    init(tokenCount: Int) {
        roles = [TokenRole](repeating: .none, count: tokenCount)
        cover = [UInt8](repeating: 0, count: tokenCount)
    }
}

enum TokenRole: UInt8 {
    case none, boundary, copula, existence, coordinator, scopeTrigger, otherTrigger, mention
}

/// Bits of ``SentenceScratch/cover``.
enum CoverBits {
    static let negation: UInt8 = 1
    static let uncertainty: UInt8 = 2
    static let preNegationUncertainty: UInt8 = 4
    static let abnormality: UInt8 = 8
    static let alternative: UInt8 = 16

    static func bit(for kind: TriggerKind) -> UInt8 {
        switch kind {
        case .negation: negation
        case .uncertainty: uncertainty
        case .preNegationUncertainty: preNegationUncertainty
        case .abnormality: abnormality
        case .clauseBoundary, .pseudoTrigger, .copula, .existence: 0
        }
    }
}

struct MatchedMention {
    var rule: MentionRule
    var first: Int
    var last: Int
}

struct MatchedTrigger {
    var rule: TriggerRule
    var first: Int
    var last: Int
}

/// The labels of one sentence, plus whether it asserts an abnormality outside the 14.
struct SentenceResult {
    var labels = ObservationLabels()
    var otherAbnormality = false
}

extension Labeler {
    /// The longest forward scope, in tokens (long enough for "no focal consolidation, pleural
    /// effusion, pneumothorax, or pulmonary edema").
    static let forwardWindow = 24
    /// The longest backward scope, in tokens.
    static let backwardWindow = 12

    func labelSentence(_ range: Range<Int>, tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>,
                       scratch: inout SentenceScratch) -> SentenceResult {
        findPhrases(range, tokens: tokens, bytes: bytes, scratch: &scratch)
        var result = SentenceResult()
        guard !scratch.mentions.isEmpty else { return result }
        applyScopes(range, scratch: &scratch)
        markAlternatives(range, tokens: tokens, bytes: bytes, scratch: &scratch)

        for mention in scratch.mentions {
            var cover: UInt8 = 0
            for index in mention.first...mention.last { cover |= scratch.cover[index] }
            if mention.rule.isAnatomy {
                // An anatomy term states something only through a negation, an uncertainty or an
                // abnormality word; the triggers reaching that word count for it too
                // ("the heart *may be enlarged*").
                guard cover & (CoverBits.negation | CoverBits.uncertainty | CoverBits.preNegationUncertainty
                               | CoverBits.abnormality) != 0 else { continue }
                if cover & CoverBits.abnormality != 0 {
                    for trigger in scratch.triggers where trigger.rule.kind == .abnormality
                        && covers(trigger, mention, range: range, scratch: scratch) {
                        for index in trigger.first...trigger.last { cover |= scratch.cover[index] & ~CoverBits.abnormality }
                    }
                }
            }
            let state: LabelState
            if cover & CoverBits.preNegationUncertainty != 0 { state = .uncertain }
            else if cover & CoverBits.negation != 0 { state = .negative }
            else if cover & (CoverBits.uncertainty | CoverBits.alternative) != 0 { state = .uncertain }
            else { state = .positive }
            switch mention.rule.target {
            case .observation(let observation): result.labels[observation] = result.labels[observation].merged(with: state)
            case .otherAbnormality: if state.isPositiveOrUncertain { result.otherAbnormality = true }
            case .unmention: break
            }
        }
        return result
    }

    /// Finds triggers and mentions (greedy, longest first) and sets each token's role.
    private func findPhrases(_ range: Range<Int>, tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>,
                             scratch: inout SentenceScratch) {
        scratch.mentions.removeAll(keepingCapacity: true)
        scratch.triggers.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            guard let match = lexicon.mentions.longestMatch(at: index, limit: range.upperBound, tokens: tokens, bytes: bytes) else {
                index &+= 1
                continue
            }
            let rule = lexicon.mentions.payloads[Int(match.payload)]
            scratch.mentions.append(MatchedMention(rule: rule, first: index, last: match.last))
            index = match.last &+ 1
        }
        // Sentences without a mention need no triggers.
        guard !scratch.mentions.isEmpty else { return }
        for index in range {
            scratch.roles[index] = Labeler.isCoordinator(tokens[index], bytes) ? .coordinator : .none
            scratch.cover[index] = 0
        }
        index = range.lowerBound
        while index < range.upperBound {
            guard let match = lexicon.triggers.longestMatch(at: index, limit: range.upperBound, tokens: tokens, bytes: bytes) else {
                index &+= 1
                continue
            }
            let rule = lexicon.triggers.payloads[Int(match.payload)]
            let role: TokenRole
            switch rule.kind {
            case .negation, .uncertainty, .preNegationUncertainty: role = .scopeTrigger
            case .abnormality, .pseudoTrigger: role = .otherTrigger
            case .clauseBoundary: role = .boundary
            case .copula: role = .copula
            case .existence: role = .existence
            }
            for covered in index...match.last { scratch.roles[covered] = role }
            if rule.kind.hasDirection { scratch.triggers.append(MatchedTrigger(rule: rule, first: index, last: match.last)) }
            index = match.last &+ 1
        }
        for mention in scratch.mentions {
            for covered in mention.first...mention.last where scratch.roles[covered] == .none { scratch.roles[covered] = .mention }
        }
    }

    /// Marks every token in each trigger's scope with the trigger's kind.
    private func applyScopes(_ range: Range<Int>, scratch: inout SentenceScratch) {
        for trigger in scratch.triggers {
            let bit = CoverBits.bit(for: trigger.rule.kind)
            if trigger.rule.direction.contains(.forward) {
                for index in forwardScope(of: trigger, range: range, roles: scratch.roles) { scratch.cover[index] |= bit }
            }
            if trigger.rule.direction.contains(.backward) {
                for index in backwardScope(of: trigger, range: range, roles: scratch.roles) { scratch.cover[index] |= bit }
            }
        }
    }

    private func covers(_ trigger: MatchedTrigger, _ mention: MatchedMention, range: Range<Int>, scratch: SentenceScratch) -> Bool {
        (trigger.rule.direction.contains(.forward)
            && forwardScope(of: trigger, range: range, roles: scratch.roles).contains(mention.first))
            || (trigger.rule.direction.contains(.backward)
                && backwardScope(of: trigger, range: range, roles: scratch.roles).contains(mention.last))
    }

    /// The tokens after a trigger up to the end of its clause: a clause boundary, another
    /// negation or uncertainty trigger, or a coordinated segment with a predicate of its own.
    func forwardScope(of trigger: MatchedTrigger, range: Range<Int>, roles: [TokenRole]) -> Range<Int> {
        let start = trigger.last &+ 1
        var index = start
        let limit = min(range.upperBound, start &+ trigger.rule.forwardWindow)
        while index < limit {
            switch roles[index] {
            case .boundary, .scopeTrigger: return start..<index
            case .coordinator where segmentHasPredicate(after: index, range: range, roles: roles): return start..<index
            default: index &+= 1
            }
        }
        return start..<index
    }

    /// Whether the segment after a coordinator (up to the next coordinator or boundary) is a
    /// clause of its own: it has a copula followed by something other than an existence word
    /// ("and the heart *is enlarged*"), or a trigger reaching backwards ("and heart size *normal*").
    private func segmentHasPredicate(after coordinator: Int, range: Range<Int>, roles: [TokenRole]) -> Bool {
        var index = coordinator &+ 1
        while index < range.upperBound {
            switch roles[index] {
            case .boundary, .coordinator: return false
            case .scopeTrigger: return true
            case .copula:
                var next = index &+ 1
                while next < range.upperBound, roles[next] == .copula { next &+= 1 }
                if next < range.upperBound, roles[next] == .existence { index = next &+ 1; continue }
                return true
            default: index &+= 1
            }
        }
        return false
    }

    /// The subject before a trigger: back over copulas ("is", "has been"), then over words up to a
    /// clause boundary or another trigger, crossing a coordinator only while the segment after it
    /// names an observation ("effusion and pneumothorax have resolved", but not "cardiomegaly and
    /// lungs are clear").
    func backwardScope(of trigger: MatchedTrigger, range: Range<Int>, roles: [TokenRole]) -> Range<Int> {
        var index = trigger.first &- 1
        // An abnormality word also reaches past a negation or uncertainty before it ("the heart
        // *may be* enlarged"); that trigger then qualifies the word.
        let skipsTriggers = trigger.rule.kind == .abnormality
        while index >= range.lowerBound, roles[index] == .copula || (skipsTriggers && roles[index] == .scopeTrigger) {
            index &-= 1
        }
        let end = index &+ 1
        var start = end
        var segmentHasMention = false
        let limit = max(range.lowerBound, end &- Labeler.backwardWindow)
        while index >= limit {
            switch roles[index] {
            case .boundary, .scopeTrigger: return start..<end
            case .coordinator:
                if !segmentHasMention { return start..<end }
                segmentHasMention = false
            case .mention: segmentHasMention = true
            default: break
            }
            start = index
            index &-= 1
        }
        return start..<end
    }

    /// "A or B": a mention right before or after an "or" is one of two alternatives, so
    /// uncertain (unless negated: "no A or B").
    private func markAlternatives(_ range: Range<Int>, tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>,
                                  scratch: inout SentenceScratch) {
        for mention in scratch.mentions {
            // "A or B": the mention right before "or".
            let after = mention.last &+ 1
            if after < range.upperBound, scratch.roles[after] == .coordinator, Labeler.isWord(tokens[after], "or", bytes) {
                scratch.cover[mention.last] |= CoverBits.alternative
            }
            // "A or [focal] B": the mention up to two plain words after "or".
            var before = mention.first &- 1
            var skipped = 0
            while before > range.lowerBound, skipped < 2, scratch.roles[before] == .none { before &-= 1; skipped &+= 1 }
            if before >= range.lowerBound, before < mention.first, scratch.roles[before] == .coordinator,
               Labeler.isWord(tokens[before], "or", bytes) {
                scratch.cover[mention.first] |= CoverBits.alternative
            }
        }
    }

    static func isCoordinator(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch token.length {
        case 1: let byte = bytes[Int(token.start)]; return byte == UInt8(ascii: ",") || byte == UInt8(ascii: "&")
        case 2: return isWord(token, "or", bytes)
        case 3: return isWord(token, "and", bytes) || isWord(token, "nor", bytes)
        default: return false
        }
    }

    @inline(__always) static func isWord(_ token: Token, _ word: StaticString, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.length == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for offset in 0..<token.length where bytes[Int(token.start) &+ offset] | 0x20 != pointer[offset] { return false }
        return true
    }
}
