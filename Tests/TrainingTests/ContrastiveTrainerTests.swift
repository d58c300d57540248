import Foundation
import Models
import Radiology
import Tensors
import Testing
@testable import Training

@Suite struct ContrastiveTrainerTests {
    func train(steps: Int, seed: UInt64 = 3, folder: URL? = nil) throws -> (ContrastiveTrainer, TrainingRunState) {
        let checkpoint = TrainingFixtures.model()
        let trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: TrainingFixtures.corpus(),
                                             labels: TrainingLabels(), settings: TrainingFixtures.settings(steps: steps, seed: seed),
                                             runFolder: folder)
        return (trainer, try trainer.run())
    }

    @Test func aRunFromAFixedSeedIsDeterministic() throws {
        let (a, stateA) = try train(steps: 2)
        let (b, stateB) = try train(steps: 2)
        #expect(stateA.lossCurve.count == 2)
        #expect(stateA.lossCurve == stateB.lossCurve)
        #expect(stateA.finished == "completed")
        for (p, q) in zip(a.model.parameters, b.model.parameters) { #expect(p.value.scalars == q.value.scalars, "\(p.name)") }
        let (_, other) = try train(steps: 2, seed: 4)
        #expect(other.lossCurve != stateA.lossCurve)
    }

    @Test func aResumedRunContinuesTheSameLossCurve() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, uninterrupted) = try train(steps: 4)

        // Stop after two steps (as SIGTERM would), then resume in a fresh trainer.
        let checkpoint = TrainingFixtures.model()
        let first = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: TrainingFixtures.corpus(),
                                           labels: TrainingLabels(), settings: TrainingFixtures.settings(steps: 4), runFolder: folder)
        var calls = 0
        let stopped = try first.run(shouldStop: { calls += 1; return calls > 2 })
        #expect(stopped.finished == "stopped")
        #expect(stopped.step == 2)

        let other = TrainingFixtures.model(seed: 99) // different weights: restore must replace them
        let second = try ContrastiveTrainer(model: other.model, tokenizer: other.tokenizer, corpus: TrainingFixtures.corpus(),
                                            labels: TrainingLabels(), settings: TrainingFixtures.settings(steps: 4), runFolder: folder)
        try second.restore()
        let resumed = try second.run()
        #expect(resumed.step == 4)
        #expect(resumed.lossCurve.count == uninterrupted.lossCurve.count)
        for (r, u) in zip(resumed.lossCurve, uninterrupted.lossCurve) {
            #expect(r[0] == u[0])
            #expect(abs(r[1] - u[1]) <= 1e-5 * max(1, abs(u[1])), "step \(u[0]): resumed \(r[1]) vs \(u[1])")
        }
    }

    @Test func trainingLowersTheLoss() throws {
        var settings = TrainingFixtures.settings(steps: 30)
        settings.logEvery = 10
        settings.augmentation = nil
        let checkpoint = TrainingFixtures.model()
        let trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: TrainingFixtures.corpus(),
                                             labels: TrainingLabels(), settings: settings)
        let state = try trainer.run()
        #expect(state.lossCurve.count == 3)
        #expect(state.lossCurve[2][1] < state.lossCurve[0][1], "loss \(state.lossCurve)")
        #expect(state.textsSeen["deu_Latn", default: 0] > 0 && state.textsSeen["eng_Latn", default: 0] > 0)
        #expect(state.imagesSeen == 30 * 6)
    }

    @Test func uSelfTrainedLabelsAreDerivedAtThePhaseSwitch() throws {
        var settings = TrainingFixtures.settings(steps: 4)
        settings.selfTrainedShare = 0.5
        let checkpoint = TrainingFixtures.model()
        let corpus = TrainingFixtures.corpus()
        let trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: corpus,
                                             labels: TrainingLabels(), settings: settings)
        trainer.selfTrainedLabeler = SelfTrainedLabeler { _ in (["consolidation"], ["no consolidation"]) }
        var phases: [Int] = []
        let state = try trainer.run(progress: { phases.append($0.phase) })
        #expect(phases == [1, 1, 2, 2])
        // Studies 0, 5, 10, 15 have an uncertain Consolidation: image + two texts each.
        #expect(state.selfTrained.count == 12)
        for (_, entries) in state.selfTrained {
            let p = try #require(entries["Consolidation"])
            #expect(p > 0 && p < 1)
        }
        #expect(trainer.labels.pending(id: "image:0", labels: corpus.images[0].labels).isEmpty)
    }

    @Test func infoNCENeedsTruePairs() throws {
        var settings = TrainingFixtures.settings(steps: 1)
        settings.objective = .infoNCE
        var corpus = TrainingFixtures.corpus()
        for i in corpus.texts.indices {
            let text = corpus.texts[i]
            corpus.texts[i] = TrainingText(id: text.id, studyKey: "other-\(i)", language: text.language, text: text.text,
                                           labels: text.labels, origin: text.origin, addedVersion: text.addedVersion)
        }
        let checkpoint = TrainingFixtures.model()
        #expect(throws: TrainingError.self) {
            try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: corpus, labels: TrainingLabels(),
                                   settings: settings)
        }
        let paired = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: TrainingFixtures.corpus(),
                                            labels: TrainingLabels(), settings: settings)
        #expect(try paired.run().lossCurve.first?[1].isFinite == true)
    }

    @Test func aTimeBudgetCalibratesTheScheduleAndStops() throws {
        var settings = TrainingFixtures.settings()
        settings.steps = nil
        settings.minutes = 0.05 // 3 s
        settings.augmentation = nil
        let checkpoint = TrainingFixtures.model()
        let trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: TrainingFixtures.corpus(),
                                             labels: TrainingLabels(), settings: settings)
        let state = try trainer.run()
        #expect(state.finished == "time limit" || state.finished == "completed")
        #expect(state.elapsedSeconds < 3 + 2)
        if state.step > 6 { #expect(state.totalSteps != nil) }
    }

    /// A large vocabulary trains its word embeddings row-sparse: only the rows the batches looked
    /// up move; the rest of the table (and the small-vocabulary default) stays as it was.
    @Test func aLargeVocabularyTrainsItsWordEmbeddingsRowSparse() throws {
        var config = ModelPreset.micro.config
        config.text.vocabSize = 40_000
        let checkpoint = try ScratchInitialization.checkpoint(config, seed: 2)
        let before = checkpoint.model.text.wordEmbeddings.value.scalars
        let trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: TrainingFixtures.corpus(),
                                             labels: TrainingLabels(), settings: TrainingFixtures.settings(steps: 2))
        #expect(checkpoint.model.text.wordEmbeddings.sparseGradient)
        let state = try trainer.run()
        #expect(state.finished == "completed" && state.lossCurve.allSatisfy { $0[1].isFinite })
        let after = checkpoint.model.text.wordEmbeddings.value.scalars
        let d = config.text.hiddenSize
        let moved = (0..<40_000).filter { r in before[(r * d)..<(r * d + d)] != after[(r * d)..<(r * d + d)] }
        // Byte tokens only (ids below 261): the rows of bytes the texts use moved, nothing above.
        #expect(!moved.isEmpty && moved.allSatisfy { $0 < 261 })
        #expect(TrainingFixtures.model().model.text.wordEmbeddings.sparseGradient == false)
        var dense = TrainingFixtures.settings(steps: 1)
        dense.sparseEmbeddingGradients = false
        let other = try ScratchInitialization.checkpoint(config, seed: 2)
        _ = try ContrastiveTrainer(model: other.model, tokenizer: other.tokenizer, corpus: TrainingFixtures.corpus(), labels: TrainingLabels(),
                                   settings: dense)
        #expect(other.model.text.wordEmbeddings.sparseGradient == false)
    }
}
