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
