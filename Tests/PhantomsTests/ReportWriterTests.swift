import Phantoms
import Radiology
import Testing

@Suite struct ReportWriterTests {
    static let codes = ["eng_Latn", "zho_Hans", "jpn_Jpan", "kor_Hang", "fra_Latn", "deu_Latn", "spa_Latn", "por_Latn",
                        "ita_Latn", "rus_Cyrl", "arb_Arab", "hin_Deva", "vie_Latn", "tha_Thai", "tur_Latn", "nld_Latn",
                        "pol_Latn", "ind_Latn", "ukr_Cyrl", "swe_Latn", "pes_Arab"]

    let sick = Phantom(labels: labels([.pleuralEffusion: .positive, .cardiomegaly: .uncertain, .pneumothorax: .negative,
                                       .consolidation: .positive, .supportDevices: .positive]),
                       seed: 11, width: 48, height: 48)

    @Test func coversTheTwentyOneLanguages() {
        #expect(ReportWriter.languages.map(\.rawValue).sorted() == Self.codes.sorted())
    }

    @Test(arguments: codes)
    func everyLanguageWritesEveryState(code: String) throws {
        let language = try #require(LanguageCode(code))
        var all = FindingLabels()
        for finding in Finding.allCases where finding != .noFinding { all[finding] = .positive }
        let texts = try [all, FindingLabels(Dictionary(uniqueKeysWithValues: Finding.allCases.map { ($0, FindingState.uncertain) })),
                         FindingLabels(Dictionary(uniqueKeysWithValues: Finding.allCases.map { ($0, FindingState.negative) }))]
            .map { try ReportWriter.report(for: Phantom(labels: $0.normalised(), seed: 2, width: 48, height: 48).truth,
                                           language: language, seed: 2) }
        for text in texts {
            #expect(text.contains("FINDINGS: "))
            #expect(text.contains("IMPRESSION: "))
            #expect(text.contains("SYNTHETIC"))
            #expect(!text.contains("{"), "unfilled placeholder in \(code): \(text)")
            #expect(!text.contains("  "))
        }
        // Positive, uncertain and negative reports say different things.
        #expect(Set(texts).count == 3)
    }

    @Test func englishSaysWhatTheImageShows() throws {
        let text = try ReportWriter.report(for: sick.truth, language: .english, seed: 1)
        let lower = text.lowercased()
        #expect(lower.contains("pleural effusion"))
        #expect(lower.contains("cardiomegaly") || lower.contains("heart"))
        #expect(lower.contains("no pneumothorax") || lower.contains("there is no pneumothorax"))
        #expect(lower.contains("consolidation"))
        let side = sick.truth.findings.first { $0.finding == .pleuralEffusion }!.side!
        #expect(lower.contains(side == .bilateral ? "bilateral" : "on the \(side.rawValue)"))
    }

    @Test func normalStudyHasANormalImpression() throws {
        let normal = Phantom(labels: labels([.pneumothorax: .negative, .pleuralEffusion: .negative]), seed: 3, width: 48, height: 48)
        let text = try ReportWriter.report(for: normal.truth, language: .english, seed: 3)
        #expect(text.contains("IMPRESSION: No acute") || text.contains("IMPRESSION: Normal"))
        #expect(text.lowercased().contains("pneumothorax"))
    }

    @Test func wordingAndOrderVaryWithTheSeed() throws {
        let texts = try Set((1...12).map { try ReportWriter.report(for: sick.truth, language: .english, seed: $0) })
        #expect(texts.count >= 4)
        let again = try ReportWriter.report(for: sick.truth, language: .english, seed: 5)
        #expect(again == (try ReportWriter.report(for: sick.truth, language: .english, seed: 5)))
    }

    /// The wordings the English labeler reads must say what the film shows: over many practice
    /// studies, every one of the five zero-shot classes is labeled as the phantom drew it.
    @Test func theLabelerReadsEnglishReportsAsTheyWereDrawn() throws {
        let labeler = try Labeler()
        for seed in UInt64(1)...400 {
            let truth = Phantom(labels: StudyMix.practice(seed: seed), seed: seed, width: 32, height: 32).truth
            let text = try ReportWriter.report(for: truth, language: .english, seed: seed)
            let read = labeler.labelAggregate(text)
            for finding in StudyMix.competitionClasses {
                let expected: LabelState = switch truth.findingLabels[finding] {
                case .positive: .positive
                case .negative: .negative
                case .uncertain: .uncertain
                case .absent: .notMentioned
                }
                #expect(read[finding] == expected, "seed \(seed), \(finding): \(text)")
            }
        }
    }

    /// Named places agree with the drawn side: a left-sided finding's sentence never names a
    /// right lung base or lobe, and over many seeds the named places are used at all.
    @Test(arguments: ["eng_Latn", "deu_Latn", "fra_Latn", "spa_Latn", "zho_Hans"])
    func basesAndLobesFollowTheDrawnSide(code: String) throws {
        let language = try #require(LanguageCode(code))
        let right: [String: [String]] = ["eng_Latn": ["right"], "deu_Latn": ["rechts", "rechten"], "fra_Latn": ["droit"],
                                         "spa_Latn": ["derech"], "zho_Hans": ["右"]]
        let left: [String: [String]] = ["eng_Latn": ["left"], "deu_Latn": ["links", "linken"], "fra_Latn": ["gauche"],
                                        "spa_Latn": ["izquierd"], "zho_Hans": ["左"]]
        var named = 0
        for seed in UInt64(1)...120 {
            let phantom = Phantom(labels: labels([.atelectasis: .positive, .consolidation: .positive]), seed: seed, width: 32, height: 32)
            let sentences = try ReportWriter.parallelSentences(for: phantom.truth, languages: [language], seed: seed)
            for finding in [Finding.atelectasis, .consolidation] {
                guard let drawn = phantom.truth.findings.first(where: { $0.finding == finding }), let side = drawn.side,
                      side != .bilateral else { continue }
                let index = try #require(phantom.truth.findingLabels.findings(.positive).filter { $0 != .lungOpacity && $0 != .noFinding }
                    .firstIndex(of: finding))
                let sentence = try #require(sentences[index][language]).lowercased()
                let wrong = side == .left ? right[code]! : left[code]!
                #expect(!wrong.contains { sentence.contains($0) }, "\(code) \(finding) on the \(side): \(sentence)")
                if ["base", "lobe", "basal", "lappen", "lóbulo", "肺底", "叶"].contains(where: { sentence.contains($0) }) { named += 1 }
            }
        }
        #expect(named > 40)
    }

    @Test func unknownLanguageIsAnError() {
        #expect(throws: PhantomError.self) {
            try ReportWriter.report(for: sick.truth, language: LanguageCode("xho_Latn")!, seed: 1)
        }
    }
}
