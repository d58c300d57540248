import Radiology
import Testing
import Translation

/// One crafted (source, output) pair and the verdict the filters must reach.
struct FilterCase: CustomStringConvertible, Sendable {
    var source: String
    var output: String
    var target: String
    var logProb: Double? = -0.4
    /// nil: kept.
    var reason: RejectReason?
    var description: String { "\(target): \(output.prefix(40)) → \(reason?.rawValue ?? "keep")" }
}

let goodPairs: [FilterCase] = [
    FilterCase(source: "No pneumothorax.", output: "Kein Pneumothorax.", target: "deu_Latn"),
    FilterCase(source: "The heart is normal in size.", output: "Le cœur est de taille normale.", target: "fra_Latn"),
    FilterCase(source: "There is a 2.5 cm nodule in the right upper lobe.", output: "Es gibt einen 2,5 cm großen Knoten im rechten Oberlappen.", target: "deu_Latn"),
    FilterCase(source: "The lungs are clear.", output: "Легкие чистые.", target: "rus_Cyrl"),
    FilterCase(source: "No pleural effusion.", output: "无胸腔积液。", target: "zho_Hans"),
    FilterCase(source: "Heart size is within normal limits.", output: "心臓の大きさは正常範囲内です。", target: "jpn_Jpan"),
    FilterCase(source: "No focal consolidation.", output: "국소 경결은 없습니다.", target: "kor_Hang"),
    FilterCase(source: "The lungs are clear.", output: "الرئتان صافيتان.", target: "arb_Arab"),
    FilterCase(source: "There is mild cardiomegaly.", output: "हल्का कार्डियोमेगाली है।", target: "hin_Deva"),
    FilterCase(source: "No pneumothorax.", output: "ไม่มีภาวะปอดแฟบ", target: "tha_Thai"),
    FilterCase(source: "Comparison with the study from 3 days ago.", output: "مقایسه با مطالعه ۳ روز پیش.", target: "pes_Arab"),
    FilterCase(source: "Two views of the chest.", output: "Dwa zdjęcia klatki piersiowej.", target: "pol_Latn", logProb: nil),
]

let badPairs: [FilterCase] = [
    FilterCase(source: "No pneumothorax.", output: "   ", target: "deu_Latn", reason: .empty),
    FilterCase(source: "The cardiomediastinal silhouette is stable.", output: "The cardiomediastinal silhouette is stable.", target: "fra_Latn", reason: .copy),
    FilterCase(source: "The cardiomediastinal silhouette is stable.", output: "The cardiomediastinal silhouette is stable!", target: "spa_Latn", reason: .copy),
    FilterCase(source: "Degenerative changes of the thoracic spine are seen.", output: "Ja.", target: "deu_Latn", reason: .lengthRatio),
    FilterCase(source: "No effusion.", output: "Es gibt keinen Hinweis auf einen Pleuraerguss, keine Konsolidierung, keinen Pneumothorax und keine weiteren Befunde.", target: "deu_Latn", reason: .lengthRatio),
    FilterCase(source: "The lungs are clear.", output: "Die Lunge Lunge Lunge ist klar.", target: "deu_Latn", reason: .continuousRepetition),
    FilterCase(source: "No pleural effusion.", output: "无胸腔积液液液。", target: "zho_Hans", reason: .continuousRepetition),
    FilterCase(source: "The lungs are clear.", output: "Les poumons sont clairs clairs clairs.", target: "fra_Latn", reason: .continuousRepetition),
    FilterCase(source: "Mild cardiomegaly.", output: "Легкаякардиомегалиякардиомегалиякардиомегалия.", target: "rus_Cyrl", reason: .continuousRepetition),
    FilterCase(source: "The heart is normal and the lungs are clear and there is no effusion or pneumothorax seen.",
               output: "das Herz ist normal und das Herz ist normal, und das Herz ist normal und das Herz ist normal und",
               target: "deu_Latn", reason: .repeatedNgrams),
    FilterCase(source: "The lungs are clear and the heart size is normal without effusion.",
               output: "la la la de de de la la de de la de", target: "spa_Latn", reason: .continuousRepetition),
    FilterCase(source: "The heart size and the pulmonary vascularity appear within normal limits.",
               output: "el corazón es normal y el corazón es normal y el pulmón es normal y el corazón es normal", target: "spa_Latn", reason: .repeatedNgrams),
    FilterCase(source: "The heart size and the pulmonary vascularity appear within normal limits.",
               output: "的心的大的心的大心的大的心心大的的心", target: "zho_Hans", reason: .lowTypeTokenRatio),
    FilterCase(source: "The lungs are clear.", output: "The lungs are clear, sind klar.", target: "rus_Cyrl", reason: .wrongScript),
    FilterCase(source: "No pleural effusion.", output: "No pleural effusion bilaterally.", target: "zho_Hans", reason: .wrongScript),
    FilterCase(source: "There is a 2.5 cm nodule.", output: "Es gibt einen 3,5 cm Knoten.", target: "deu_Latn", reason: .numbersNotPreserved),
    FilterCase(source: "Comparison with the study from 3 days ago.", output: "Comparaison avec l'étude.", target: "fra_Latn", reason: .numbersNotPreserved),
    FilterCase(source: "No pneumothorax.", output: "Kein Pneumothorax.", target: "deu_Latn", logProb: -4.2, reason: .lowLogProb),
]

@Suite struct QualityFilterTests {
    let filter = QualityFilter()

    @Test(arguments: goodPairs)
    func keepsGoodTranslations(_ pair: FilterCase) {
        let decision = filter.evaluate(source: pair.source, output: pair.output, to: LanguageCode(pair.target)!, logProb: pair.logProb)
        #expect(decision.isKept, "\(pair): rejected as \(decision.reasons) with \(decision.metrics)")
        #expect(decision.verdict == "keep")
    }

    @Test(arguments: badPairs)
    func rejectsBadTranslations(_ pair: FilterCase) {
        let decision = filter.evaluate(source: pair.source, output: pair.output, to: LanguageCode(pair.target)!, logProb: pair.logProb)
        #expect(decision.reasons.contains(pair.reason!), "\(pair): got \(decision.reasons) with \(decision.metrics)")
        #expect(decision.verdict.hasPrefix("reject:"))
    }

    @Test func typeTokenFloorIsPerLanguageAndOverridable() {
        // Eight or more tokens, few distinct, without back-to-back repeats or repeated trigrams.
        let output = "a b c a c b b a c a b c c b a"
        let source = "one two three four five six seven eight nine ten eleven"
        let target = LanguageCode("fra_Latn")!
        let decision = filter.evaluate(source: source, output: output, to: target)
        #expect(decision.reasons.contains(.lowTypeTokenRatio), "\(decision.metrics)")
        var lenient = QualityThresholds()
        lenient.typeTokenFloors[target] = 0.1
        lenient.trigramUniquenessMin = 0
        #expect(!QualityFilter(thresholds: lenient).evaluate(source: source, output: output, to: target)
            .reasons.contains(.lowTypeTokenRatio))
    }

    @Test func shortIdenticalSourcesAreNotCopies() {
        let decision = filter.evaluate(source: "T11.", output: "T11.", to: LanguageCode("deu_Latn")!)
        #expect(!decision.reasons.contains(.copy))
    }

    @Test func reasonsComeInAFixedOrderAndTheFirstIsTheReason() {
        let decision = filter.evaluate(source: "There are 2 nodules in the right lung.", output: "zzz zzz zzz", to: LanguageCode("rus_Cyrl")!, logProb: -9)
        #expect(decision.reasons == decision.reasons.sorted())
        #expect(decision.reason == decision.reasons.first)
        #expect(decision.reasons.contains(.wrongScript) && decision.reasons.contains(.lowLogProb))
    }
}

@Suite struct TextMeasuresTests {
    @Test func numbersAcrossDigitScripts() {
        #expect(TextMeasures.numbers("2.5 cm, 10 mm") == ["10", "2", "5"])
        #expect(TextMeasures.numbers("۳ روز و ٤") == ["3", "4"])
        #expect(TextMeasures.numbers("๒ และ ०७") == ["2", "7"])
    }

    @Test func consecutiveRepeats() {
        #expect(TextMeasures.longestConsecutiveRepeat(["a", "b", "a", "b", "a", "b"]) == 3)
        #expect(TextMeasures.longestConsecutiveRepeat(["a", "b", "c"]) == 1)
        #expect(TextMeasures.longestCharacterRepeat("Schifffahrt") < 3)
        #expect(TextMeasures.longestCharacterRepeat("abcabcabc") == 3)
    }

    @Test func charactersAreTokensInCJKAndThai() {
        #expect(TextMeasures.tokens("无胸腔积液。", byCharacter: true) == ["无", "胸", "腔", "积", "液"])
        #expect(TextMeasures.tokens("CT 无", byCharacter: true) == ["ct", "无"])
        #expect(TextMeasures.tokens("Die Lunge, klar.", byCharacter: false) == ["die", "lunge", "klar"])
    }

    @Test func similarityIsNormalised() {
        #expect(TextMeasures.similarity("No pneumothorax.", "no PNEUMOTHORAX") == 1)
        #expect(TextMeasures.similarity("abc", "xyz") == 0)
    }

    @Test func scriptShares() {
        #expect(TextMeasures.scriptShare("Легкие чистые", script: .cyrillic) == 1)
        #expect(TextMeasures.scriptShare("心臓のCT", script: .japanese)! < 0.8)
        #expect(TextMeasures.scriptShare("123", script: .latin) == nil)
    }

    @Test func everyDefaultTargetHasATunedProfile() {
        #expect(LanguageTable.defaultTargets.count == 20)
        for code in LanguageTable.defaultTargets { #expect(LanguageTable.isKnown(code), "\(code)") }
        #expect(LanguageTable.profile(for: LanguageCode("zho_Hans")!).script == .han)
        #expect(LanguageTable.profile(for: LanguageCode("xyz_Cyrl")!).script == .cyrillic)
    }
}
