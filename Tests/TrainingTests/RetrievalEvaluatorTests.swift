import Foundation
import Models
import Tensors
import Testing
@testable import Training

@Suite struct RetrievalEvaluatorTests {
    /// Unit vectors in the plane, by angle in degrees.
    static func unit(_ degrees: [Double]) -> Tensor {
        Tensor(shape: [degrees.count, 2], values: degrees.flatMap { [Float(cos($0 * .pi / 180)), Float(sin($0 * .pi / 180))] })
    }

    /// Images a, b, c at 0°, 90°, 180°. English: a 10°, b 100°, c 75° (nearer image b), z 200°
    /// (no image; nearest image c). German: a 170° (nearer image c), b 90°. French: only z.
    static func handMade() -> RetrievalResult {
        RetrievalEvaluator(ks: [1, 2, 5]).score(
            imageEmbeddings: unit([0, 90, 180]), imageKeys: ["a", "b", "c"],
            textEmbeddings: unit([10, 100, 75, 200, 170, 90, 30]),
            textKeys: ["a", "b", "c", "z", "a", "b", "z"],
            textLanguages: ["eng_Latn", "eng_Latn", "eng_Latn", "eng_Latn", "deu_Latn", "deu_Latn", "fra_Latn"])
    }

    @Test func recallsOnHandMadeEmbeddings() throws {
        let result = Self.handMade()
        #expect(result.ks == [1, 2, 5] && result.imageCount == 3 && result.textCount == 7)
        #expect(Set(result.languages.keys) == ["eng_Latn", "deu_Latn"])
        let english = try #require(result.languages["eng_Latn"])
        // Image c ranks z (0.94) and b (0.17) above c (−0.26): rank 3.
        #expect(english.imageQueries == 3 && english.textQueries == 3)
        let twoThirds: [Double] = [2.0 / 3, 2.0 / 3, 1]
        #expect(english.imageToText == twoThirds)
        // Text c ranks image b (0.97) and a (0.26) above c: rank 3.
        #expect(english.textToImage == twoThirds)
        let chance: [Double] = [1.0 / 3, 2.0 / 3, 1]
        for (got, want) in zip(english.textToImageChance, chance) { #expect(abs(got - want) < 1e-12) }
        let german = try #require(result.languages["deu_Latn"])
        // Image c has no German text, so two queries each way.
        #expect(german.imageQueries == 2 && german.textQueries == 2)
        #expect(german.imageToText == [0.5, 1, 1])
        #expect(german.textToImage == [0.5, 0.5, 1])
    }

    @Test func metricsAreFlattenedByDirectionKAndLanguage() {
        let metrics = Self.handMade().metrics
        #expect(metrics["retrieval.t2i.R@2.deu_Latn"] == 0.5)
        #expect(metrics["retrieval.i2t.R@1.eng_Latn"] == 2.0 / 3)
        #expect(metrics["retrieval.t2i.queries.eng_Latn"] == 3)
        #expect(metrics["retrieval.i2t.queries.deu_Latn"] == 2)
        #expect(metrics.keys.allSatisfy { !$0.hasSuffix("fra_Latn") })
        #expect(Self.handMade().formattedTable.contains("deu_Latn"))
    }

    /// Images a 0°, b 90°, c 180°. Study a's English sentences at 80° (nearer image b) and −60°
    /// (nearer a); their mean, at about 10°, is nearest a. Study b: one sentence at 100°.
    @Test func reportQueriesAverageTheirSentences() throws {
        let result = RetrievalEvaluator(ks: [1, 2]).score(
            imageEmbeddings: Self.unit([0, 90, 180]), imageKeys: ["a", "b", "c"],
            textEmbeddings: Self.unit([80, 100, -60]), textKeys: ["a", "b", "a"],
            textLanguages: ["eng_Latn", "eng_Latn", "eng_Latn"])
        let sentences = try #require(result.languages["eng_Latn"]), reports = try #require(result.reports["eng_Latn"])
        #expect(sentences.textQueries == 3 && sentences.textToImage == [2.0 / 3, 1])
        #expect(result.reportCount == 2 && reports.textQueries == 2 && reports.imageQueries == 2)
        #expect(reports.textToImage == [1, 1] && reports.imageToText == [1, 1])
        #expect(result.metrics["retrieval.report.t2i.R@1.eng_Latn"] == 1)
        #expect(result.metrics["retrieval.report.t2i.queries.eng_Latn"] == 2)
        #expect(result.formattedTable.contains("by report"))

        let averaged = RetrievalEvaluator.reports(textEmbeddings: Self.unit([80, 100, -60]), textKeys: ["a", "b", "a"],
                                                  textLanguages: ["eng_Latn", "eng_Latn", "eng_Latn"])
        #expect(averaged.keys == ["a", "b"] && averaged.languages == ["eng_Latn", "eng_Latn"])
        let angle = atan2(Double(averaged.embeddings.scalars[1]), Double(averaged.embeddings.scalars[0])) * 180 / .pi
        #expect(abs(angle - 10) < 1e-3)   // the mean of 80° and −60° points at 10°
        #expect(abs(hypot(Double(averaged.embeddings.scalars[0]), Double(averaged.embeddings.scalars[1])) - 1) < 1e-5)
    }

    @Test func tiesCountAgainstTheQuery() throws {
        let same = Tensor(shape: [3, 2], values: [1, 0, 1, 0, 1, 0])
        let result = RetrievalEvaluator(ks: [1, 2, 3]).score(imageEmbeddings: same, imageKeys: ["a", "b", "c"], textEmbeddings: same,
                                                             textKeys: ["a", "b", "c"], textLanguages: Array(repeating: "eng_Latn", count: 3))
        let english = try #require(result.languages["eng_Latn"])
        #expect(english.textToImage == [0, 0, 1])
        #expect(english.imageToText == [0, 0, 1])
    }

    @Test func chanceLevelIsHypergeometric() {
        #expect(abs(RetrievalEvaluator.chanceOfHit(relevant: 1, candidates: 50, k: 10) - 0.2) < 1e-12)
        #expect(abs(RetrievalEvaluator.chanceOfHit(relevant: 2, candidates: 10, k: 3) - (1 - 8.0 / 10 * 7 / 9 * 6 / 8)) < 1e-12)
        #expect(RetrievalEvaluator.chanceOfHit(relevant: 1, candidates: 5, k: 10) == 1)
    }

    @Test func tinyRandomModelRunsEndToEnd() throws {
        let checkpoint = try Checkpoint.fresh(ModelPreset.tiny.config, seed: 1)
        let side = checkpoint.model.config.vision.imageSize
        let images = ["s1", "s2", "s3"].enumerated().map { n, key in
            (studyKey: key, square: (0..<(side * side)).map { Float(($0 * (n + 2)) % 13) / 12 })
        }
        let texts = [(studyKey: "s1", language: "eng_Latn", text: "small left pleural effusion"),
                     (studyKey: "s2", language: "eng_Latn", text: "no acute cardiopulmonary process"),
                     (studyKey: "s3", language: "eng_Latn", text: "cardiomegaly"),
                     (studyKey: "s1", language: "deu_Latn", text: "kleiner Pleuraerguss links")]
        let result = RetrievalEvaluator().evaluate(Embedder(checkpoint), images: images, texts: texts)
        #expect(result.languages["eng_Latn"]?.imageQueries == 3 && result.languages["deu_Latn"]?.textQueries == 1)
        let metrics = result.metrics
        #expect(metrics["retrieval.t2i.R@10.eng_Latn"] == 1)   // 3 images: every text hits within 10
        #expect(metrics.values.allSatisfy { $0.isFinite && $0 >= 0 })
        _ = try JSONEncoder().encode(result)
    }
}
