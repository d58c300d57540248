/// What the audit sample says about the filters, per target language and verdict: the judge's and
/// the reviewers' mean scores, the filters' misses (kept, but the judge scores accuracy ≤ 2) and
/// over-filtering (rejected, but the judge scores accuracy ≥ 4), how well judge and people agree,
/// and which rejection reasons the judge disputes most — the input for tuning the per-language
/// thresholds.
public struct AuditReport: Sendable, Codable, Equatable {
    /// The judge whose scores these are (`model` under `promptVersion`); nil when none judged.
    public var judgeModel: String?
    public var promptVersion: String?
    /// Lowest score that counts as acceptable when a score is turned into accept/refuse.
    public var acceptAt: Int
    public var languages: [Language]
    /// Every language together.
    public var overall: Language
    /// Rejection reasons, the most disputed by the judge first.
    public var reasons: [ReasonDispute]

    public struct Means: Sendable, Codable, Equatable {
        /// Translations with at least one score of this kind.
        public var count: Int
        public var accuracy: Double?
        public var fluency: Double?
        public var consistency: Double?

        public subscript(dimension: AuditDimension) -> Double? {
            switch dimension {
            case .accuracy: accuracy
            case .fluency: fluency
            case .consistency: consistency
            }
        }
    }

    /// The translations of one verdict (kept or rejected) in one language.
    public struct Group: Sendable, Codable, Equatable {
        public var sampled: Int
        public var judge: Means
        public var human: Means
        /// Kept: judge accuracy ≤ 2 (a miss of the filters). Rejected: judge accuracy ≥ 4 (over-filtering).
        public var disputedByJudge: Int
        /// `disputedByJudge` over the judged translations; nil when none was judged.
        public var disputedShare: Double?
        /// Share of reviewed translations whose reviewer verdict (every given score ≥ acceptAt)
        /// matches the filters'; nil when none was reviewed.
        public var humanAgreesWithFilters: Double?
        public var judgeAgreesWithFilters: Double?
    }

    /// Judge vs people on one scale, over translations both scored.
    public struct Agreement: Sendable, Codable, Equatable {
        public var dimension: AuditDimension
        public var pairs: Int
        public var spearman: Double?
        public var quadraticKappa: Double?
    }

    public struct Language: Sendable, Codable, Equatable {
        public var language: String
        public var kept: Group
        public var rejected: Group
        public var agreement: [Agreement]
    }

    public struct ReasonDispute: Sendable, Codable, Equatable {
        public var reason: String
        /// Rejected for this reason and judged.
        public var judged: Int
        /// Of those, the judge scores accuracy ≥ 4.
        public var judgeAccepts: Int
        public var share: Double
    }

    /// A judge accuracy at or below this is a filter miss when the filters kept the translation.
    public static let missAtOrBelow = 2
    /// A judge accuracy at or above this is over-filtering when the filters rejected it.
    public static let overFilteredAtOrAbove = 4

    public init(_ observations: [AuditObservation], judgeModel: String?, promptVersion: String?, acceptAt: Int = 3) {
        self.judgeModel = judgeModel
        self.promptVersion = promptVersion
        self.acceptAt = acceptAt
        let byLanguage = Dictionary(grouping: observations, by: \.targetLanguage)
        languages = byLanguage.keys.sorted().map { Self.language($0, byLanguage[$0]!, acceptAt: acceptAt) }
        overall = Self.language("all", observations, acceptAt: acceptAt)
        var disputes: [String: (judged: Int, accepts: Int)] = [:]
        for observation in observations where !observation.kept {
            guard let judge = observation.judge else { continue }
            var entry = disputes[observation.rejectReason ?? "unknown", default: (0, 0)]
            entry.judged += 1
            if judge.accuracy >= Self.overFilteredAtOrAbove { entry.accepts += 1 }
            disputes[observation.rejectReason ?? "unknown"] = entry
        }
        reasons = disputes.map { ReasonDispute(reason: $0.key, judged: $0.value.judged, judgeAccepts: $0.value.accepts,
                                               share: Double($0.value.accepts) / Double($0.value.judged)) }
            .sorted { ($1.share, $0.reason) < ($0.share, $1.reason) }
    }

    private static func language(_ name: String, _ observations: [AuditObservation], acceptAt: Int) -> Language {
        let agreement = AuditDimension.allCases.map { dimension in
            let pairs = observations.compactMap { observation -> (Int, Int)? in
                guard let judge = observation.judge, let human = observation.human[dimension] else { return nil }
                return (judge[dimension], human)
            }
            return Agreement(dimension: dimension, pairs: pairs.count,
                             spearman: RankCorrelation.spearman(pairs.map { Double($0.0) }, pairs.map { Double($0.1) }),
                             quadraticKappa: WeightedKappa.quadratic(pairs.map(\.0), pairs.map(\.1)))
        }
        return Language(language: name, kept: group(observations.filter(\.kept), kept: true, acceptAt: acceptAt),
                        rejected: group(observations.filter { !$0.kept }, kept: false, acceptAt: acceptAt), agreement: agreement)
    }

    private static func group(_ observations: [AuditObservation], kept: Bool, acceptAt: Int) -> Group {
        let judged = observations.compactMap(\.judge)
        let reviewed = observations.map(\.human).filter { !$0.isEmpty }
        func mean(_ values: [Int]) -> Double? { values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count) }
        let judgeMeans = Means(count: judged.count, accuracy: mean(judged.map(\.accuracy)), fluency: mean(judged.map(\.fluency)),
                               consistency: mean(judged.map(\.consistency)))
        let humanMeans = Means(count: reviewed.count, accuracy: mean(reviewed.compactMap { $0[.accuracy] }),
                               fluency: mean(reviewed.compactMap { $0[.fluency] }), consistency: mean(reviewed.compactMap { $0[.consistency] }))
        let disputed = judged.filter { kept ? $0.accuracy <= missAtOrBelow : $0.accuracy >= overFilteredAtOrAbove }.count
        func agreesWithFilters(_ verdicts: [Bool]) -> Double? {
            verdicts.isEmpty ? nil : Double(verdicts.filter { $0 == kept }.count) / Double(verdicts.count)
        }
        return Group(sampled: observations.count, judge: judgeMeans, human: humanMeans, disputedByJudge: disputed,
                     disputedShare: judged.isEmpty ? nil : Double(disputed) / Double(judged.count),
                     humanAgreesWithFilters: agreesWithFilters(reviewed.map { $0.values.allSatisfy { $0 >= acceptAt } }),
                     judgeAgreesWithFilters: agreesWithFilters(judged.map { scores in AuditDimension.allCases.allSatisfy { scores[$0] >= acceptAt } }))
    }
}
