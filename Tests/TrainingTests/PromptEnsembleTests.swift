import Foundation
import Radiology
import Testing
@testable import Training

@Suite struct PromptEnsembleTests {
    static let languages = ["deu_Latn", "eng_Latn", "fra_Latn", "spa_Latn", "zho_Hans"]

    @Test func loadsTheBundledFile() throws {
        let ensemble = try PromptEnsemble.load()
        #expect(ensemble.classes == ["Atelectasis", "Cardiomegaly", "Consolidation", "Edema", "Pleural Effusion"])
        for language in Self.languages { #expect(ensemble.languages.contains(language)) }
    }

    @Test func everyClassHasPromptsInEveryLanguage() throws {
        let ensemble = try PromptEnsemble.load()
        for language in Self.languages {
            for className in ensemble.classes {
                let prompts = ensemble.prompts(for: className, language: language)
                #expect(prompts.count >= 10, "\(language) \(className): \(prompts.count) prompts")
                #expect(Set(prompts).count == prompts.count, "\(language) \(className): duplicates")
                #expect(prompts.allSatisfy { !$0.isEmpty && $0 == $0.trimmingCharacters(in: .whitespaces) && !$0.contains("  ") })
            }
        }
    }

    @Test func englishIsTheCrossProductWithSpacesChineseHasNone() throws {
        let ensemble = try PromptEnsemble.load()
        let english = ensemble.prompts(for: "Pleural Effusion", language: "eng_Latn")
        #expect(english.first == "pleural effusion")
        #expect(english.contains("small loculated pleural effusion on the left"))
        let chinese = ensemble.prompts(for: "Atelectasis", language: "zho_Hans")
        #expect(chinese.first == "肺不张")
        #expect(chinese.allSatisfy { !$0.contains(" ") })
    }

    @Test func promptsAreDeterministic() throws {
        let a = try PromptEnsemble.load(), b = try PromptEnsemble.load()
        for language in Self.languages {
            for className in a.classes {
                #expect(a.prompts(for: className, language: language) == b.prompts(for: className, language: language))
                #expect(a.prompts(for: className, language: language, limit: 7) == b.prompts(for: className, language: language, limit: 7))
            }
        }
    }

    @Test func limitTakesAnEvenlySpreadSubset() throws {
        let ensemble = try PromptEnsemble.load()
        let all = ensemble.prompts(for: "Edema", language: "eng_Latn")
        let four = ensemble.prompts(for: "Edema", language: "eng_Latn", limit: 4)
        #expect(four == [0, 1, 2, 3].map { all[$0 * all.count / 4] })
        #expect(four.first == all.first)
        #expect(ensemble.prompts(for: "Edema", language: "eng_Latn", limit: 1) == [all[0]])
        #expect(ensemble.prompts(for: "Edema", language: "eng_Latn", limit: all.count + 5) == all)
        #expect(ensemble.prompts(for: "Edema", language: "xxx_Latn").isEmpty)
        #expect(ensemble.prompts(for: "Pneumothorax", language: "eng_Latn").isEmpty)
    }

    @Test func selfTrainedPromptsCoverEveryObservationInEnglish() throws {
        let ensemble = try PromptEnsemble.load()
        for observation in Observation.allCases {
            let pair = ensemble.selfTrainedPrompts(for: observation)
            #expect(!pair.present.isEmpty && !pair.absent.isEmpty, "\(observation)")
            #expect(Set(pair.present).isDisjoint(with: pair.absent))
        }
        #expect(ensemble.selfTrainedPrompts(for: .consolidation).absent.contains("no consolidation"))
        for language in Self.languages {
            let pair = ensemble.selfTrainedPrompts(for: .consolidation, language: language)
            #expect(!pair.present.isEmpty && !pair.absent.isEmpty, "\(language)")
        }
    }

    @Test func rejectsAFileMissingAClass() {
        let json = """
        {"version": 1, "languages": {"eng_Latn": {"joiner": " ",
          "Atelectasis": {"severity": [""], "subtype": ["atelectasis"], "location": [""]}}}}
        """
        #expect(throws: DecodingError.self) { try PromptEnsemble(json: Data(json.utf8)) }
    }

    @Test func joinsOnlyTheNonEmptyParts() throws {
        let parts = #"{"severity": ["", "mild"], "subtype": ["x"], "location": ["", "left"]}"#
        let classes = PromptEnsemble.classNames.map { "\"\($0)\": \(parts)" }.joined(separator: ", ")
        let json = #"{"version": 1, "languages": {"zho_Hans": {"joiner": "", "#
            + classes + #"}, "eng_Latn": {"joiner": " ", "# + classes + "}}}"
        let ensemble = try PromptEnsemble(json: Data(json.utf8))
        #expect(ensemble.languages == ["eng_Latn", "zho_Hans"])
        #expect(ensemble.prompts(for: "Edema", language: "eng_Latn") == ["x", "x left", "mild x", "mild x left"])
        #expect(ensemble.prompts(for: "Edema", language: "zho_Hans") == ["x", "xleft", "mildx", "mildxleft"])
        #expect(ensemble.selfTrainedPrompts(for: .edema).present.isEmpty)
    }
}
