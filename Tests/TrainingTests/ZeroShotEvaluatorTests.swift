import Models
import Tensors
import Testing
@testable import Training

@Suite struct ZeroShotEvaluatorTests {
    static func matrix(_ rows: [[Float]]) -> Tensor { Tensor(shape: [rows.count, rows[0].count], values: rows.flatMap { $0 }) }

    /// Class means: c0 = [1, 0, 0], c1 = [0, 1, 0], c2 = [0, 0.3, 0.9].
    static let prompts = matrix([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0.6, 0.8]])
    static let promptClasses = [0, 0, 1, 2, 2]
    static let images = matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0.6, 0.8], [0.8, 0.6, 0]])

    @Test func classScoresAreTheMeanOfThePromptLogits() {
        let scores = ZeroShotEvaluator.classScores(imageEmbeddings: Self.images, promptEmbeddings: Self.prompts,
                                                   promptClasses: Self.promptClasses, classCount: 3, scale: 2)
        #expect(scores.shape == [5, 3])
        let expected: [Float] = [2, 0, 0,
                                 0, 2, 0.6,
                                 0, 0, 1.8,
                                 0, 1.2, 1.8,
                                 1.6, 1.2, 0.36]
        for (got, want) in zip(scores.scalars, expected) { #expect(abs(got - want) < 1e-5, "\(scores.scalars)") }
    }

    @Test func classifyTakesTheArgmaxAndSkipsExcludedPrompts() {
        let predictions = ZeroShotEvaluator.classify(imageEmbeddings: Self.images, promptEmbeddings: Self.prompts,
                                                     promptClasses: Self.promptClasses, classCount: 3, scale: 10)
        #expect(predictions == [0, 1, 2, 2, 0])
        // Without the prompt [0, 0, 1], class 2's mean is [0, 0.6, 0.8]: image [0, 0, 1] still goes
        // to class 2, and image [0, 1, 0] scores 1 against 0.6.
        let partial = ZeroShotEvaluator.classify(imageEmbeddings: Self.images, promptEmbeddings: Self.prompts,
                                                 promptClasses: [0, 0, 1, -1, 2], classCount: 3, scale: 10)
        #expect(partial == [0, 1, 2, 2, 0])
        // A tie goes to the lower class index.
        let tie = ZeroShotEvaluator.classify(imageEmbeddings: Self.matrix([[0.6, 0.8, 0]]), promptEmbeddings: Self.matrix([[0, 1, 0], [0, 1, 0]]),
                                             promptClasses: [0, 1], classCount: 2, scale: 1)
        #expect(tie == [0])
    }

    @Test func resultCountsTheConfusionMatrix() {
        let result = ZeroShotResult(classNames: ["A", "B", "C"], truths: [0, 1, 2, 1, 1], predictions: [0, 1, 2, 2, 0],
                                    languagePredictions: ["eng_Latn": [0, 1, 2, 1, 1], "deu_Latn": [2, 2, 2, 2, 2]], promptCount: 5)
        #expect(result.count == 5)
        #expect(result.accuracy == 0.6)
        #expect(result.confusion == [[1, 0, 0], [1, 1, 1], [0, 0, 1]])
        #expect(result.classAccuracy == ["A": 1, "B": 1.0 / 3, "C": 1])
        #expect(result.languageAccuracy == ["eng_Latn": 1, "deu_Latn": 0.2])
        #expect(result.metrics["zero_shot.accuracy"] == 0.6)
        #expect(result.metrics["zero_shot.accuracy.deu_Latn"] == 0.2)
        #expect(result.metrics["zero_shot.class_accuracy.b"] == 1.0 / 3)
        #expect(result.metrics["zero_shot.linear_probe_accuracy"] == nil)
        let table = result.formattedTable
        #expect(table.contains("accuracy 0.6000"))
        let diagnosed = ZeroShotResult(classNames: ["A", "B"], truths: [0, 1], predictions: [0, 0], languagePredictions: [:],
                                       promptCount: 2, linearProbeAccuracy: 0.9, imageMeanCosine: 0.95)
        #expect(diagnosed.metrics["zero_shot.linear_probe_accuracy"] == 0.9 && diagnosed.metrics["zero_shot.image_mean_cosine"] == 0.95)
        #expect(diagnosed.formattedTable.contains("linear probe") && diagnosed.formattedTable.contains("0.9500"))
        #expect(table.contains("deu_Latn") && table.contains("0.3333"))
    }

    @Test func emptySetHasNoMetrics() {
        let result = ZeroShotResult(classNames: ["A", "B"], truths: [], predictions: [], languagePredictions: [:], promptCount: 0)
        #expect(result.count == 0 && result.accuracy == 0 && result.metrics.isEmpty)
        #expect(result.confusion == [[0, 0], [0, 0]])
    }

    @Test func tinyRandomModelGivesAFullDeterministicResult() throws {
        let checkpoint = try Checkpoint.fresh(ModelPreset.tiny.config, seed: 1)
        let embedder = Embedder(checkpoint, batchSize: 8)
        let side = checkpoint.model.config.vision.imageSize
        let images = (0..<5).map { n in
            (square: (0..<(side * side)).map { Float(($0 * (n + 3)) % 17) / 16 }, classIndex: n)
        }
        let evaluator = ZeroShotEvaluator(ensemble: try PromptEnsemble.load(), languages: ["eng_Latn", "zho_Hans"], promptLimit: 2)
        let result = evaluator.evaluate(embedder, images: images)
        #expect(result.count == 5)
        #expect(result.promptCount == 2 * 5 * 2)
        #expect(result.classNames == PromptEnsemble.classNames)
        #expect(result.confusion.count == 5 && result.confusion.allSatisfy { $0.count == 5 && $0.reduce(0, +) == 1 })
        let diagonal = (0..<5).map { result.confusion[$0][$0] }.reduce(0, +)
        #expect(result.accuracy == Double(diagonal) / 5)
        #expect(Set(result.languageAccuracy.keys) == ["eng_Latn", "zho_Hans"])
        #expect(evaluator.evaluate(embedder, images: images) == result)
    }
}
