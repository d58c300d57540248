/// A run's hyper-parameters (recorded in `training.json` and in the run's resume state).
public struct TrainerSettings: Sendable, Codable, Equatable {
    /// Optimiser steps; nil with ``minutes`` set: calibrated from the first steps' speed.
    public var steps: Int?
    /// Wall-clock budget for the optimisation (evaluation not included).
    public var minutes: Double?
    public var sampling = SamplingSettings()
    public var objective = TrainingObjective.semanticMatching
    /// The label similarities are divided by this before the soft-target softmax.
    public var labelTemperature: Float = 0.25
    public var learningRate: Float = 5e-4
    /// Share of the steps spent warming the learning rate up linearly.
    public var warmupShare: Double = 0.05
    /// The cosine decays to `learningRate × minLearningRateShare`.
    public var minLearningRateShare: Float = 0.05
    public var weightDecay: Float = 0.05
    /// Global gradient-norm clip.
    public var clipNorm: Float = 1
    /// MedCLIP's augmentations (nil: none, the default — `training.augment` in the configuration says
    /// why).
    public var augmentation: ImageAugmenter?
    /// Sentence augmentations (case, final punctuation, word crop and dropout; nil: none).
    public var textAugmentation: TextAugmenter? = TextAugmenter()
    /// U-SelfTrained: share of the steps trained with those uncertain labels ignored (phase 1);
    /// then the model predicts their probabilities and phase 2 trains on them. 0 turns it off.
    public var selfTrainedShare: Double = 0.3
    public var seed: UInt64 = 0
    /// Row-sparse gradients for the text tower's word embeddings (``Parameter/sparseGradient``:
    /// only the rows a batch looks up are clipped and updated, AdamW's lazy rule, as PyTorch's
    /// sparse embeddings with SparseAdam). nil: on for vocabularies of 32,768 tokens and more (XLM-R's
    /// 250,002 rows × 768 would otherwise cost a dense gradient and update per step, ≈ 1 s on 2 cores).
    public var sparseEmbeddingGradients: Bool?
    /// A progress record (and a loss-curve point) every this many steps.
    public var logEvery = 10
    /// The resume state is written every this many steps (and when the run stops).
    public var checkpointEvery = 100

    public init() {}

    public func validate() throws(TrainingError) {
        try sampling.validate()
        guard steps != nil || minutes != nil else { throw TrainingError("give a number of steps or minutes") }
        if let steps, steps < 1 { throw TrainingError("steps must be positive, got \(steps)") }
        if let minutes, !(minutes > 0) { throw TrainingError("minutes must be positive, got \(minutes)") }
        guard labelTemperature > 0 else { throw TrainingError("label temperature must be positive") }
        guard learningRate > 0, learningRate.isFinite else { throw TrainingError("learning rate must be positive") }
        guard (0..<1).contains(warmupShare) else { throw TrainingError("warm-up share must be in [0, 1)") }
        guard (0..<1).contains(selfTrainedShare) else { throw TrainingError("self-trained share must be in [0, 1)") }
        guard logEvery > 0, checkpointEvery > 0 else { throw TrainingError("log and checkpoint intervals must be positive") }
    }

    /// The numbers `training.json` records under `hyperparameters`.
    public var hyperparameters: [String: Double] {
        var h: [String: Double] = [
            "batch_size": Double(sampling.batchSize), "pair_share": sampling.pairShare,
            "language_min_share": sampling.languageMinShare, "replay_share": sampling.replayShare,
            "finding_balance_share": sampling.findingBalanceShare, "label_match_share": sampling.labelMatchShare,
            "label_temperature": Double(labelTemperature), "learning_rate": Double(learningRate),
            "warmup_share": warmupShare, "min_learning_rate_share": Double(minLearningRateShare),
            "weight_decay": Double(weightDecay), "clip_norm": Double(clipNorm), "self_trained_share": selfTrainedShare,
            "seed": Double(seed), "augment": augmentation == nil ? 0 : 1, "augment_text": textAugmentation == nil ? 0 : 1,
        ]
        if let sparseEmbeddingGradients { h["sparse_embedding_gradients"] = sparseEmbeddingGradients ? 1 : 0 }
        if let steps { h["steps"] = Double(steps) }
        if let minutes { h["minutes"] = minutes }
        return h
    }
}
