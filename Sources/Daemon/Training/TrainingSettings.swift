public import Foundation
import Models
public import Training

/// The `[training]` section: whether and when the daemon trains, the run's size and sampling,
/// and the eval gate's tolerance. Every key is documented in `Config/m3clip.toml`.
public struct TrainingSettings: Sendable, Equatable {
    /// Which trainer runs a training job.
    public enum Backend: String, Sendable, Equatable, CaseIterable {
        /// The Swift CPU trainer (`m3clip train` as a child process).
        case swift
        /// The PyTorch trainer (`Workers/trainer`, under torchrun; `[training.torch]`): the run
        /// exports a training snapshot, launches it, and evaluates, gates and records its
        /// checkpoint exactly as a Swift run's.
        case torch
    }

    public var enabled: Bool
    /// `tiny` (the CPU default), `base`, or `micro` (smoke runs and tests).
    public var preset: String
    public var backend: Backend
    /// How the `torch` backend launches its worker.
    public var torch: TorchTrainerSettings
    /// A run starts once this many labeled items (images + texts) arrived after the current
    /// model's corpus version.
    public var minNewItems: Int
    /// …and at least this long after the previous run started.
    public var minIntervalMinutes: Double
    /// The optimisation budget of a daemon-started run.
    public var maxMinutes: Double
    public var objective: TrainingObjective
    public var batchSize: Int
    public var pairShare: Double
    public var languageMinShare: Double
    public var replayShare: Double
    /// Finding-aware draws (``SamplingSettings/findingBalanceShare``, ``SamplingSettings/labelMatchShare``).
    public var findingBalanceShare: Double
    public var labelMatchShare: Double
    public var labelTemperature: Double
    /// Weight of negative mentions in the label similarity (1: −1 as LabelVector encodes them; 0: MedCLIP's positive-only).
    public var negativeLabelWeight: Double
    public var learningRate: Double
    /// MedCLIP's image augmentations (flip, affine, brightness/contrast jitter).
    public var augment: Bool
    /// Sentence augmentations (case, final punctuation, word crop and dropout of affirmative sentences).
    public var augmentText: Bool
    /// U-SelfTrained phase-1 share of the steps (0: off).
    public var selfTrainedShare: Double
    /// Share of studies held out for evaluation (fixed by a hash of the study key).
    public var evaluationShare: Double
    /// A candidate is refused when a gated metric is worse than the current model's by more than this.
    public var gateTolerance: Double
    /// The zero-shot set (an `m3clip phantom eval5x` folder); empty: a phantom set the store
    /// generates once under `Store/eval/` (40 per class, seed 7).
    public var zeroShotSet: URL?
    /// CPU threads for a run (0: all cores).
    public var threads: Int
    /// Before the first contrastive run (no current model), pre-train the text encoder on the
    /// store's text (`m3clip pretrain-text`, MLM + TLM) for `textPretrainingMinutes`, and start
    /// the run's text tower from it.
    public var textPretraining: Bool = false
    public var textPretrainingMinutes: Double = 10

    /// Trainer settings for a run of `minutes` (or `steps`) with these keys.
    public func trainerSettings(minutes: Double?, steps: Int?, seed: UInt64) -> TrainerSettings {
        var s = TrainerSettings()
        s.minutes = minutes
        s.steps = steps
        s.seed = seed
        s.objective = objective
        s.sampling = SamplingSettings(batchSize: batchSize, pairShare: pairShare, languageMinShare: languageMinShare, replayShare: replayShare,
                                      findingBalanceShare: findingBalanceShare, labelMatchShare: labelMatchShare)
        s.labelTemperature = Float(labelTemperature)
        s.learningRate = Float(learningRate)
        s.selfTrainedShare = selfTrainedShare
        s.augmentation = augment ? ImageAugmenter() : nil
        if !augmentText { s.textAugmentation = nil }
        return s
    }

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> TrainingSettings {
        let backendText = try section.string("backend", default: "swift")
        guard let backend = Backend(rawValue: backendText) else {
            throw ConfigurationError(key: "training.backend", message: "'\(backendText)' is not a training backend (swift, torch)")
        }
        let objectiveText = try section.string("objective", default: "semantic")
        guard let objective = TrainingObjective(rawValue: objectiveText) else {
            throw ConfigurationError(key: "training.objective", message: "'\(objectiveText)' is not semantic or infonce")
        }
        let preset = try section.string("preset", default: "tiny")
        guard ModelPreset(rawValue: preset) != nil else {
            throw ConfigurationError(key: "training.preset", message: "'\(preset)' is not one of \(ModelPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let zeroShot = try section.string("zero_shot_set", default: "")
        return TrainingSettings(
            enabled: try section.bool("enabled", default: true),
            preset: preset,
            backend: backend,
            torch: try TorchTrainerSettings.read(try section.section("torch")),
            minNewItems: try section.integer("min_new_items", default: 500, in: 1...Int.max),
            minIntervalMinutes: try section.number("min_interval_minutes", default: 60, in: 0...1_000_000),
            maxMinutes: try section.number("max_minutes", default: 30, in: 0.01...1_000_000),
            objective: objective,
            batchSize: try section.integer("batch_size", default: 32, in: 2...65_536),
            pairShare: try section.number("pair_share", default: 0.25, in: 0...1),
            languageMinShare: try section.number("language_min_share", default: 0.1, in: 0...1),
            replayShare: try section.number("replay_share", default: 0.3, in: 0...1),
            findingBalanceShare: try section.number("finding_balance_share", default: 0.5, in: 0...1),
            labelMatchShare: try section.number("label_match_share", default: 0.5, in: 0...1),
            labelTemperature: try section.number("label_temperature", default: 0.25, in: 0.001...100),
            negativeLabelWeight: try section.number("negative_label_weight", default: 0, in: 0...1),
            learningRate: try section.number("learning_rate", default: 5e-4, in: 1e-8...1),
            augment: try section.bool("augment", default: false),
            augmentText: try section.bool("augment_text", default: true),
            selfTrainedShare: try section.number("self_trained_share", default: 0.3, in: 0...0.95),
            evaluationShare: try section.number("evaluation_share", default: 0.05, in: 0...0.5),
            gateTolerance: try section.number("gate_tolerance", default: 0.02, in: 0...1),
            zeroShotSet: zeroShot.isEmpty ? nil : try section.path("zero_shot_set", default: zeroShot),
            threads: try section.integer("threads", default: 0, in: 0...1024),
            textPretraining: try section.bool("text_pretraining", default: false),
            textPretrainingMinutes: try section.number("text_pretraining_minutes", default: 10, in: 0.01...1_000_000))
    }
}
