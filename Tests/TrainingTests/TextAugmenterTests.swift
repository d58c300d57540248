import Foundation
import Radiology
import Tensors
import Testing
@testable import Training

@Suite struct TextAugmenterTests {
    static func labels(_ pairs: [(Observation, LabelState)]) -> ObservationLabels {
        var labels = ObservationLabels()
        for (observation, state) in pairs { labels[observation] = state }
        return labels
    }

    @Test func negatedUncertainAndUnlabeledSentencesKeepEveryWord() {
        var augmenter = TextAugmenter()
        augmenter.wordProbability = 1
        augmenter.wordDropout = 0.9
        var rng = TensorRNG(seed: 1)
        let cases: [(String, ObservationLabels?)] = [
            ("No pleural effusion.", Self.labels([(.pleuralEffusion, .negative)])),
            ("Possible mild cardiomegaly.", Self.labels([(.cardiomegaly, .uncertain)])),
            ("Kein Pleuraerguss.", nil),
        ]
        for (text, labels) in cases {
            for _ in 0..<50 {
                let out = augmenter(text, labels: labels, rng: &rng)
                let words = text.lowercased().split(separator: " ").map { $0.trimmingCharacters(in: [".", ","]) }
                #expect(out.lowercased().split(separator: " ").map { $0.trimmingCharacters(in: [".", ","]) } == words, "\(text) → \(out)")
            }
        }
    }

    @Test func affirmativeSentencesVaryButKeepAContiguousOrderedSubset() {
        let text = "There is a moderate pleural effusion on the left."
        let labels = Self.labels([(.pleuralEffusion, .positive)])
        let words = text.lowercased().split(separator: " ").map(String.init)
        var rng = TensorRNG(seed: 2)
        var seen = Set<String>()
        for _ in 0..<200 {
            let out = TextAugmenter()(text, labels: labels, rng: &rng)
            seen.insert(out)
            var rest = words[...]
            for word in out.lowercased().split(separator: " ").map(String.init) {
                guard let at = rest.firstIndex(where: { $0 == word || $0.hasPrefix(word) && $0.dropFirst(word.count).allSatisfy(\.isPunctuation) }) else {
                    Issue.record("\(out) is not an ordered subset of \(text)")
                    break
                }
                rest = rest[(at + 1)...]
            }
            #expect(!out.isEmpty)
        }
        #expect(seen.contains(text) || seen.contains(text.lowercased()))
        #expect(seen.count > 20, "only \(seen.count) variants")
    }

    @Test func sameSeedSameText() {
        var a = TensorRNG(seed: 7), b = TensorRNG(seed: 7)
        let labels = Self.labels([(.edema, .positive)])
        for _ in 0..<20 {
            #expect(TextAugmenter()("Moderate pulmonary edema with perihilar haziness.", labels: labels, rng: &a)
                    == TextAugmenter()("Moderate pulmonary edema with perihilar haziness.", labels: labels, rng: &b))
        }
    }
}
