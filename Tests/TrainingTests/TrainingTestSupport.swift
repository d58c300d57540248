import Models
import Radiology
import Tensors
@testable import Training

/// A small synthetic corpus for trainer tests: `studies` studies, each with one 32-px image whose
/// pattern depends on its finding and two sentences (English and German) naming it.
enum TrainingFixtures {
    static let findings: [(Observation, String, String)] = [
        (.cardiomegaly, "The heart is enlarged.", "Das Herz ist vergrößert."),
        (.pleuralEffusion, "Small pleural effusion.", "Kleiner Pleuraerguss."),
        (.edema, "Pulmonary edema.", "Lungenödem."),
        (.noFinding, "The lungs are clear.", "Die Lunge ist frei."),
    ]

    static func corpus(studies: Int = 16, side: Int = 32, version: (Int) -> Int = { _ in 1 }) -> TrainingCorpus {
        var images: [TrainingImage] = [], texts: [TrainingText] = []
        var rng = TensorRNG(seed: 42)
        for s in 0..<studies {
            let (finding, english, german) = findings[s % findings.count]
            var labels = ObservationLabels()
            labels[finding] = .positive
            if s % 5 == 0 { labels[.consolidation] = .uncertain } // pending U-SelfTrained
            let key = "study-\(s)"
            var pixels = [Float](repeating: 0, count: side * side)
            for y in 0..<side {
                for x in 0..<side {
                    let band = (s % findings.count) * side / findings.count
                    pixels[y * side + x] = (x >= band && x < band + side / findings.count ? 0.8 : 0.2) + 0.05 * rng.nextUniform()
                }
            }
            images.append(TrainingImage(id: "image:\(s)", studyKey: key, labels: labels, addedVersion: version(s), pixels: pixels, side: side))
            texts.append(TrainingText(id: "sentence:\(2 * s)", studyKey: key, language: "eng_Latn", text: english, labels: labels,
                                      origin: .sentence, addedVersion: version(s)))
            texts.append(TrainingText(id: "translation:\(s)", studyKey: key, language: "deu_Latn", text: german, labels: labels,
                                      origin: .translation, addedVersion: version(s)))
        }
        return TrainingCorpus(version: 1, images: images, texts: texts)
    }

    static func settings(steps: Int = 4, seed: UInt64 = 3) -> TrainerSettings {
        var settings = TrainerSettings()
        settings.steps = steps
        settings.seed = seed
        settings.sampling = SamplingSettings(batchSize: 6, pairShare: 0.5, languageMinShare: 0.2, replayShare: 0.3)
        settings.logEvery = 1
        settings.checkpointEvery = 2
        settings.learningRate = 1e-3
        return settings
    }

    static func model(seed: UInt64 = 1) -> Checkpoint {
        try! ScratchInitialization.checkpoint(ModelPreset.micro.config, seed: seed)
    }
}
