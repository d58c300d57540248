import Foundation
import Testing
import Training
@testable import Daemon

/// `[training]`'s sampling, label and augmentation keys: the shipped defaults and how they reach the trainer.
@Suite struct TrainingSettingsTests {
    let base = URL(fileURLWithPath: "/srv/m3clip/Config")

    @Test func defaultsAreFindingAwarePositiveOnlyAndAugmentSentencesNotImages() throws {
        let settings = try Configuration.parse("", baseDirectory: base).training
        #expect(settings.negativeLabelWeight == 0)
        let trainer = settings.trainerSettings(minutes: 10, steps: nil, seed: 1)
        #expect(trainer.sampling.findingBalanceShare == 0.5 && trainer.sampling.labelMatchShare == 0.5)
        #expect(trainer.augmentation == nil && trainer.textAugmentation != nil)
        #expect(trainer.hyperparameters["label_match_share"] == 0.5 && trainer.hyperparameters["augment_text"] == 1)
        #expect(trainer.hyperparameters["augment"] == 0)
    }

    @Test func keysReachTheTrainer() throws {
        let settings = try Configuration.parse("""
            [training]
            finding_balance_share = 0
            label_match_share = 1
            augment_text = false
            augment = true
            negative_label_weight = 1
            """, baseDirectory: base).training
        let trainer = settings.trainerSettings(minutes: nil, steps: 5, seed: 1)
        #expect(trainer.sampling.findingBalanceShare == 0 && trainer.sampling.labelMatchShare == 1)
        #expect(trainer.textAugmentation == nil && trainer.augmentation != nil)
        #expect(settings.negativeLabelWeight == 1)
    }

    @Test func sharesOutsideZeroToOneAreClearErrors() {
        for key in ["finding_balance_share", "label_match_share"] {
            #expect(throws: ConfigurationError.self) { try Configuration.parse("[training]\n\(key) = 1.5", baseDirectory: base) }
        }
    }

    @Test func resumeStatesFromBeforeTheFindingAwareDrawsDecodeWithout() throws {
        let old = #"{"batchSize": 32, "pairShare": 0.25, "languageMinShare": 0.1, "replayShare": 0.3}"#
        let sampling = try JSONDecoder().decode(SamplingSettings.self, from: Data(old.utf8))
        #expect(sampling.findingBalanceShare == 0 && sampling.labelMatchShare == 0 && sampling.batchSize == 32)
    }
}
