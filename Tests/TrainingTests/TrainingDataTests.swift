import Radiology
import Tensors
import Testing
@testable import Training

@Suite struct TrainingDataTests {
    @Test func nothingMentionedReadsAsNoFindingOnly() {
        let vector = TrainingLabels().vector(id: "x", labels: ObservationLabels())
        #expect(vector.polarity(.noFinding) == 1)
        #expect(vector.values.filter { $0 != 0 }.count == 1)
    }

    @Test func selfTrainedProbabilitiesReplacePendingEntries() {
        var labels = ObservationLabels()
        labels[.consolidation] = .uncertain
        var encoder = TrainingLabels()
        #expect(encoder.pending(id: "a", labels: labels) == [.consolidation])
        encoder.setProbability(0.75, for: .consolidation, of: "a")
        #expect(encoder.pending(id: "a", labels: labels).isEmpty)
        #expect(encoder.vector(id: "a", labels: labels).polarity(.consolidation) == 0.5)
        #expect(encoder.pending(id: "b", labels: labels) == [.consolidation])
    }

    @Test func itemsAwaitingLabelsMatchOnlyTheirOwnStudy() {
        var effusion = ObservationLabels()
        effusion[.pleuralEffusion] = .positive
        let encoder = TrainingLabels()
        let images: [TrainingLabels.Item] = [.init(id: "i0", studyKey: "a", labels: effusion), .init(id: "i1", studyKey: "b", labels: nil),
                                             .init(id: "i2", studyKey: "c", labels: nil)]
        let texts: [TrainingLabels.Item] = [.init(id: "t0", studyKey: "b", labels: nil), .init(id: "t1", studyKey: "x", labels: effusion),
                                            .init(id: "t2", studyKey: "c", labels: nil)]
        let (lv, lt) = encoder.matrices(images: images, texts: texts)
        #expect(lv.shape == [3, 30] && lt.shape == [3, 30])
        let s = SoftLabelTargets(imageLabels: lv, textLabels: lt).similarity.scalars
        // Row-major [3 images, 3 texts]: the labeled pair matches, unlabeled ones only their study.
        #expect(abs(s[0 * 3 + 1] - 1) < 1e-6 && abs(s[0 * 3 + 0]) < 1e-6 && abs(s[0 * 3 + 2]) < 1e-6)
        #expect(abs(s[1 * 3 + 0] - 1) < 1e-6 && abs(s[1 * 3 + 1]) < 1e-6 && abs(s[1 * 3 + 2]) < 1e-6)
        #expect(abs(s[2 * 3 + 2] - 1) < 1e-6 && abs(s[2 * 3 + 0]) < 1e-6)
    }

    @Test func positiveOnlyLabelsIgnoreSharedNegatives() {
        var cardio = ObservationLabels(), edema = ObservationLabels(), normal = ObservationLabels()
        cardio[.cardiomegaly] = .positive; cardio[.pleuralEffusion] = .negative; cardio[.pneumothorax] = .negative
        edema[.edema] = .positive; edema[.pleuralEffusion] = .negative; edema[.pneumothorax] = .negative
        normal[.pneumothorax] = .negative
        func similarity(_ weight: Float) -> [Float] {
            let encoder = TrainingLabels(negativeWeight: weight)
            let (lv, lt) = encoder.matrices(images: [.init(id: "i", studyKey: "a", labels: cardio)],
                                            texts: [.init(id: "t0", studyKey: "b", labels: edema), .init(id: "t1", studyKey: "c", labels: normal)])
            return SoftLabelTargets(imageLabels: lv, textLabels: lt).similarity.scalars
        }
        #expect(similarity(1)[0] > 0.6) // shared negatives make different findings look alike
        #expect(abs(similarity(0)[0]) < 1e-6)
        // A sentence that only negates reads as No Finding when negatives do not count.
        #expect(TrainingLabels(negativeWeight: 0).vector(id: "t1", labels: normal).polarity(.noFinding) == 1)
        #expect(TrainingLabels().vector(id: "t1", labels: normal).polarity(.noFinding) == 0)
    }

    @Test func theEvaluationSplitIsFixedAndNearItsShare() {
        let split = EvaluationSplit(share: 0.1)
        let keys = (0..<5000).map { "study-\($0)" }
        let held = keys.filter(split.contains)
        #expect(Double(held.count) / 5000 > 0.08 && Double(held.count) / 5000 < 0.12)
        #expect(keys.filter(EvaluationSplit(share: 0.1).contains) == held)
        #expect(!keys.contains(where: EvaluationSplit(share: 0).contains))
        let corpus = TrainingFixtures.corpus(studies: 200)
        let train = corpus.split(split, evaluation: false), eval = corpus.split(split, evaluation: true)
        #expect(train.images.count + eval.images.count == 200)
        #expect(Set(train.images.map(\.studyKey)).isDisjoint(with: eval.texts.map(\.studyKey)))
    }

    @Test func augmentationIsSeededAndStaysInRange() {
        let image = TrainingFixtures.corpus().images[1]
        let augmenter = ImageAugmenter()
        var a = TensorRNG(seed: 5), b = TensorRNG(seed: 5)
        let x = augmenter(image.pixels, side: image.side, rng: &a)
        #expect(x == augmenter(image.pixels, side: image.side, rng: &b))
        #expect(x != image.pixels)
        #expect(x.allSatisfy { $0 >= 0 && $0 <= 1 })
        var still = ImageAugmenter()
        still.flipProbability = 0; still.rotationDegrees = 0; still.translate = 0; still.scaleRange = 1...1
        still.brightness = 0; still.contrast = 0
        let same = still(image.pixels, side: image.side, rng: &a)
        for (p, q) in zip(same, image.pixels) { #expect(abs(p - min(max(q, 0), 1)) < 1e-5) }
        var flipOnly = still
        flipOnly.flipProbability = 1
        let flipped = flipOnly(image.pixels, side: image.side, rng: &a)
        #expect(abs(flipped[0] - image.pixels[image.side - 1]) < 1e-5)
    }
}
