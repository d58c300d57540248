import Radiology
import Tensors
import Testing
@testable import Training

@Suite struct DecoupledBatchSamplerTests {
    @Test func batchesHoldTruePairsFirstAndEveryLanguage() throws {
        let corpus = TrainingFixtures.corpus()
        let sampler = try DecoupledBatchSampler(corpus: corpus, settings: SamplingSettings(batchSize: 10, pairShare: 0.3, languageMinShare: 0.3))
        var rng = TensorRNG(seed: 1)
        for _ in 0..<50 {
            let batch = sampler.next(rng: &rng)
            #expect(batch.images.count == 10 && batch.texts.count == 10)
            #expect(batch.pairs == 3)
            for i in 0..<batch.pairs { #expect(corpus.images[batch.images[i]].studyKey == corpus.texts[batch.texts[i]].studyKey) }
            let languages = batch.texts[batch.pairs...].map { corpus.texts[$0].language }
            #expect(languages.filter { $0 == "deu_Latn" }.count >= 2 && languages.filter { $0 == "eng_Latn" }.count >= 2)
        }
    }

    @Test func replayDrawsItsShareFromVersionsTheParentSaw() throws {
        // Studies 0…71 were seen by the parent (version 1), 72…95 are new (version 2).
        let corpus = TrainingFixtures.corpus(studies: 96, version: { $0 < 72 ? 1 : 2 })
        let sampler = try DecoupledBatchSampler(corpus: corpus, settings: SamplingSettings(batchSize: 4, pairShare: 0, replayShare: 0.25),
                                                replayBefore: 1)
        var rng = TensorRNG(seed: 2)
        var old = 0, total = 0
        for _ in 0..<400 {
            for i in sampler.next(rng: &rng).images { total += 1; if corpus.images[i].addedVersion == 1 { old += 1 } }
        }
        let share = Double(old) / Double(total)
        #expect(share > 0.18 && share < 0.40, "replayed share \(share)") // uniform would give 0.75
    }

    /// 90 normal studies and 10 with consolidation; each has one image, the sentence of its
    /// finding and a normal sentence (so 1 text in 20 states consolidation).
    static func skewedCorpus() -> TrainingCorpus {
        var images: [TrainingImage] = [], texts: [TrainingText] = []
        for s in 0..<100 {
            var labels = ObservationLabels()
            if s % 10 == 0 { labels[.consolidation] = .positive }
            let key = "study-\(s)"
            images.append(TrainingImage(id: "image:\(s)", studyKey: key, labels: labels, addedVersion: 1,
                                        pixels: [Float](repeating: 0.5, count: 16), side: 4))
            texts.append(TrainingText(id: "sentence:\(2 * s)", studyKey: key, language: "eng_Latn",
                                      text: s % 10 == 0 ? "Consolidation." : "Clear.", labels: labels, origin: .sentence, addedVersion: 1))
            texts.append(TrainingText(id: "sentence:\(2 * s + 1)", studyKey: key, language: "eng_Latn", text: "Normal heart.",
                                      labels: ObservationLabels(), origin: .sentence, addedVersion: 1))
        }
        return TrainingCorpus(version: 1, images: images, texts: texts)
    }

    @Test func findingFirstDrawsBalanceRareFindings() throws {
        let corpus = Self.skewedCorpus()
        func consolidationShare(_ balance: Double) throws -> Double {
            let sampler = try DecoupledBatchSampler(corpus: corpus, settings: SamplingSettings(
                batchSize: 8, pairShare: 0, findingBalanceShare: balance, labelMatchShare: 0))
            var rng = TensorRNG(seed: 4)
            var hits = 0, total = 0
            for _ in 0..<300 {
                for i in sampler.next(rng: &rng).images {
                    total += 1
                    if corpus.images[i].labels?[.consolidation] == .positive { hits += 1 }
                }
            }
            return Double(hits) / Double(total)
        }
        let uniform = try consolidationShare(0), balanced = try consolidationShare(1)
        #expect(uniform > 0.05 && uniform < 0.15, "uniform draws: \(uniform)")
        #expect(balanced > 0.4 && balanced < 0.6, "finding-first draws (two findings: consolidation, No Finding): \(balanced)")
    }

    @Test func labelMatchedTextsStateAFindingOfTheBatchImages() throws {
        let corpus = Self.skewedCorpus()
        let sampler = try DecoupledBatchSampler(corpus: corpus, settings: SamplingSettings(
            batchSize: 8, pairShare: 0.25, findingBalanceShare: 0.5, labelMatchShare: 1))
        var rng = TensorRNG(seed: 5)
        var batchesWithConsolidationImage = 0, ofThoseWithItsText = 0
        for _ in 0..<300 {
            let batch = sampler.next(rng: &rng)
            let imageFindings = Set(batch.images[batch.pairs...].flatMap { corpus.images[$0].labels!.findings })
            for t in batch.texts[batch.pairs...] {
                let findings = corpus.texts[t].labels!.findings
                #expect(findings.allSatisfy(imageFindings.contains), "text \(t) states \(findings), images show \(imageFindings)")
            }
            if imageFindings.contains(.consolidation) {
                batchesWithConsolidationImage += 1
                if batch.texts[batch.pairs...].contains(where: { corpus.texts[$0].labels?[.consolidation] == .positive }) {
                    ofThoseWithItsText += 1
                }
            }
        }
        // Uniform text draws would put a consolidation sentence in 1 − (19/20)^6 ≈ 26 % of batches.
        #expect(batchesWithConsolidationImage > 100)
        #expect(Double(ofThoseWithItsText) / Double(batchesWithConsolidationImage) > 0.6)
    }

    @Test func sameSeedSameBatches() throws {
        let sampler = try DecoupledBatchSampler(corpus: TrainingFixtures.corpus(), settings: SamplingSettings(batchSize: 6))
        var a = TensorRNG(seed: 9), b = TensorRNG(seed: 9)
        for _ in 0..<5 { #expect(sampler.next(rng: &a) == sampler.next(rng: &b)) }
    }

    @Test func emptySplitsAndBadSettingsAreErrors() {
        let empty = TrainingCorpus(version: 1, images: [], texts: TrainingFixtures.corpus().texts)
        #expect(throws: TrainingError.self) { try DecoupledBatchSampler(corpus: empty, settings: SamplingSettings()) }
        #expect(throws: TrainingError.self) { try DecoupledBatchSampler(corpus: TrainingFixtures.corpus(), settings: SamplingSettings(pairShare: 1.5)) }
    }
}
