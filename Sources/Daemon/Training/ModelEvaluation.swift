public import Foundation
public import Models
public import Store
public import Training

/// Measures models on fixed data so that a candidate and the model in service are compared on
/// the same images and texts: zero-shot 5-class accuracy on the zero-shot set (the configured
/// one, or the store's phantom set) with the prompt ensemble in the languages trained on, and
/// retrieval Recall@K per language on the held-out evaluation split.
public final class ModelEvaluation {
    /// One model's numbers.
    public struct Outcome: Sendable {
        public var metrics: [String: Double]
        public var zeroShot: ZeroShotResult?
        public var retrieval: RetrievalResult?
    }

    let zeroShotFolder: URL
    let prompts: PromptEnsemble
    let languages: [String]
    let heldOut: TrainingCorpus?
    /// Zero-shot sets decoded per encoder input size.
    private var zeroShotSets: [Int: ZeroShotSet] = [:]

    /// `languages`: the languages the model was trained on (prompts in the others are not used;
    /// English is always used). `heldOut`: the evaluation split, nil to skip retrieval.
    /// `zeroShotFolder` overrides the configured set.
    public init(configuration: Configuration, store: CorpusStore, prompts: PromptEnsemble, languages: [String],
                heldOut: TrainingCorpus?, zeroShotFolder: URL? = nil) throws {
        self.zeroShotFolder = try zeroShotFolder ?? configuration.training.zeroShotSet ?? ZeroShotSet.phantomSet(in: store.layout.root)
        self.prompts = prompts
        let usable = Set(languages).union(["eng_Latn"]).intersection(prompts.languages)
        self.languages = usable.sorted()
        self.heldOut = heldOut
    }

    /// Both evaluations of one checkpoint.
    public func evaluate(_ checkpoint: Checkpoint) throws -> Outcome {
        let embedder = Embedder(checkpoint)
        let size = checkpoint.model.config.vision.imageSize
        if zeroShotSets[size] == nil {
            zeroShotSets[size] = try ZeroShotSet(folder: zeroShotFolder, classes: prompts.classes, size: size)
        }
        var metrics: [String: Double] = [:]
        let zeroShot = ZeroShotEvaluator(ensemble: prompts, languages: languages, promptLimit: 48)
            .evaluate(embedder, images: zeroShotSets[size]!.items)
        metrics.merge(zeroShot.metrics) { $1 }
        var retrieval: RetrievalResult? = nil
        if let heldOut, !heldOut.images.isEmpty, !heldOut.texts.isEmpty, heldOut.images[0].side == size {
            let result = RetrievalEvaluator().evaluate(embedder, images: heldOut.images.map { ($0.studyKey, $0.pixels) },
                                                       texts: heldOut.texts.map { ($0.studyKey, $0.language, $0.text) })
            metrics.merge(result.metrics) { $1 }
            retrieval = result
        }
        return Outcome(metrics: metrics, zeroShot: zeroShot, retrieval: retrieval)
    }
}
