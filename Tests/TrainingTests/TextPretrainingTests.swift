import Foundation
import Models
import Tensors
import Testing
import Training

@Suite struct TextPretrainingTests {
    let tokenizer = ByteTokenizer()

    @Test func masksFifteenPercentOfOrdinaryTokensEightyTenTen() {
        var rng = TensorRNG(seed: 7)
        let ids = tokenizer.encode(String(repeating: "No pleural effusion or pneumothorax. ", count: 40), maxLength: 2000)
        var selected = 0, masked = 0, replaced = 0, kept = 0, ordinary = 0
        for _ in 0..<50 {
            let (inputs, labels) = MaskingPolicy().mask(ids, tokenizer: tokenizer, rng: &rng)
            #expect(labels[0] == XLMRobertaMaskedLM.ignoredLabel && labels[labels.count - 1] == XLMRobertaMaskedLM.ignoredLabel,
                    "specials are never selected")
            ordinary += ids.count - 2
            for index in ids.indices where labels[index] != XLMRobertaMaskedLM.ignoredLabel {
                selected += 1
                #expect(labels[index] == ids[index])
                if inputs[index] == ByteTokenizer.mask { masked += 1 }
                else if inputs[index] == ids[index] { kept += 1 }
                else { replaced += 1; #expect(!tokenizer.specialIDs.contains(inputs[index])) }
            }
            for index in ids.indices where labels[index] == XLMRobertaMaskedLM.ignoredLabel { #expect(inputs[index] == ids[index]) }
        }
        let share = Double(selected) / Double(ordinary)
        #expect(abs(share - 0.15) < 0.002, "selected \(share)")
        // A random replacement can draw the token itself (1 in 256): that counts as kept here.
        #expect(abs(Double(masked) / Double(selected) - 0.8) < 0.02 && abs(Double(replaced) / Double(selected) - 0.1) < 0.02,
                "masked \(masked), replaced \(replaced), kept \(kept) of \(selected)")
    }

    @Test func wholeWordMaskingTakesEveryTokenOfAWord() {
        var rng = TensorRNG(seed: 3)
        let text = "Mild cardiomegaly without pulmonary edema and no focal consolidation"
        let ids = tokenizer.encode(text, maxLength: 200)
        let policy = MaskingPolicy(probability: 0.3, wholeWords: true)
        for _ in 0..<30 {
            let (_, labels) = policy.mask(ids, tokenizer: tokenizer, rng: &rng)
            // Words are " word" runs of bytes: a word is either wholly labelled or not at all.
            var start = 1
            for end in 2..<ids.count where end == ids.count - 1 || tokenizer.beginsWord(ids[end]) {
                let chosen = (start..<end).map { labels[$0] != XLMRobertaMaskedLM.ignoredLabel }
                #expect(Set(chosen).count == 1, "a word split by the masking: \(chosen)")
                start = end
            }
        }
    }

    @Test func shortSequencesAndSequencesOfSpecialsAreSafe() {
        var rng = TensorRNG(seed: 1)
        let onlySpecials: [Int32] = [0, 2]
        #expect(MaskingPolicy().mask(onlySpecials, tokenizer: tokenizer, rng: &rng).labels.allSatisfy { $0 == XLMRobertaMaskedLM.ignoredLabel })
        // Three ordinary tokens: 0.45 of a mask on average; over many draws about that many.
        let short = tokenizer.encode("abc", maxLength: 10)
        let total = (0..<2000).map { _ in MaskingPolicy().mask(short, tokenizer: tokenizer, rng: &rng).labels.filter { $0 >= 0 }.count }.reduce(0, +)
        #expect(abs(Double(total) / 2000 - 0.45) < 0.05)
    }

    @Test func translationPairsUseXLMRsPairLayoutAndKeepBothSides() {
        let encoder = TranslationPairEncoder(maxLength: 64)
        let pair = encoder.encode("No effusion.", "Kein Erguss.", tokenizer: tokenizer)
        let first = tokenizer.encode("No effusion.", maxLength: 64), second = tokenizer.encode("Kein Erguss.", maxLength: 64)
        #expect(pair == first + [ByteTokenizer.eos] + second.dropFirst(), "<s> A </s></s> B </s>")
        let tight = TranslationPairEncoder(maxLength: 12).encode(String(repeating: "a", count: 30), "bcd", tokenizer: tokenizer)
        #expect(tight.count == 12 && tight.filter { $0 == ByteTokenizer.eos }.count == 3)
        #expect(tokenizer.decode(tight) == "aaaaa" + "bcd", "the longer side loses tokens first")
    }

    @Test func languageSamplingFollowsTheXLMExponent() {
        let counts = ["eng_Latn": 9000, "deu_Latn": 900, "zho_Hans": 100]
        let sampler = LanguageSampler(counts: counts, alpha: 0.3)
        let raw = counts.mapValues { pow(Double($0) / 10_000, 0.3) }
        let sum = raw.values.reduce(0, +)
        for (language, probability) in zip(sampler.languages, sampler.probabilities) {
            #expect(abs(probability - raw[language]! / sum) < 1e-12)
        }
        #expect(sampler.probabilities[sampler.languages.firstIndex(of: "zho_Hans")!] > 0.1, "1 % of the text, over 10 % of the draws")
        #expect(LanguageSampler(counts: counts, alpha: 0).probabilities.allSatisfy { abs($0 - 1.0 / 3) < 1e-12 })
        var rng = TensorRNG(seed: 5)
        var drawn: [String: Int] = [:]
        for _ in 0..<20_000 { drawn[sampler.sample(rng: &rng), default: 0] += 1 }
        for (language, probability) in zip(sampler.languages, sampler.probabilities) {
            #expect(abs(Double(drawn[language] ?? 0) / 20_000 - probability) < 0.015)
        }
    }
}
