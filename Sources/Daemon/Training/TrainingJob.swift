public import Foundation
public import Index
import Models
import Radiology
public import Store
import Tensors
public import Training

/// One continued-pre-training run end to end: the corpus as of the newest version (evaluation
/// split held out), the parent model, the trainer, then evaluation of the candidate and of the
/// current model on the same data, the eval gate, the checkpoint under `models/<id>/`, the
/// store's model record, and — if the gate passes — the switch of `models/current`.
///
/// A run that is stopped (SIGINT/SIGTERM) keeps its resume state under `models/.runs/<id>/` and
/// ends with verdict `stopped`; `m3clip train --resume <id>` continues it on the same corpus
/// version. A run that fails (NaN, bad data) leaves `models/current` untouched.
public final class TrainingJob {
    public let configuration: Configuration
    public let store: CorpusStore
    public let options: TrainingJobOptions
    public let folders: ModelFolders
    let log: (String) -> Void

    public init(configuration: Configuration, store: CorpusStore, options: TrainingJobOptions, log: @escaping (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.store = store
        self.options = options
        folders = ModelFolders(layout: store.layout)
        self.log = log
    }

    /// What a run folder records about its job so that `--resume` rebuilds the same run.
    struct RunManifest: Codable {
        var modelID: String
        var parentID: String?
        var preset: String
        var corpusVersion: Int
        var settings: TrainerSettings
        /// The pre-trained text encoder the run's text tower started from (`--text-from`).
        var textFrom: String?
        /// The trainer the run started with (a resumed run keeps it whatever the configuration
        /// says now); nil in runs written before there was a choice: `swift`.
        var backend: String?
    }

    public func run(progress: @escaping (TrainingProgress) -> Void = { _ in },
                    shouldStop: @escaping () -> Bool = { false }) throws -> TrainingJobResult {
        let training = configuration.training
        let threads = training.threads > 0 ? training.threads : ProcessInfo.processInfo.activeProcessorCount
        TensorThreads.count = threads
        let prompts = try PromptEnsemble.load()

        // The model to train and the run it belongs to.
        let checkpoint: Checkpoint, manifest: RunManifest, runFolder: URL, resuming: Bool
        if let resumeID = options.resume {
            runFolder = folders.runFolder(id: resumeID)
            guard let data = try? Data(contentsOf: runFolder.appendingPathComponent("job.json")) else {
                throw TrainingError("no interrupted run \(resumeID) under \(runFolder.path)")
            }
            manifest = try JSONDecoder().decode(RunManifest.self, from: data)
            checkpoint = try Checkpoint.load(from: runFolder.appendingPathComponent("parent"))
            resuming = true
        } else {
            let preset = options.preset ?? training.preset
            let (parent, parentID) = try parentCheckpoint(preset: preset)
            checkpoint = parent
            let modelID = ModelFolders.newID()
            let settings = try newRunSettings()
            manifest = RunManifest(modelID: modelID, parentID: parentID, preset: preset, corpusVersion: try store.currentVersion(),
                                   settings: settings, textFrom: options.textFrom.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                                   backend: training.backend.rawValue)
            runFolder = folders.runFolder(id: modelID)
            try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
            try parent.save(to: runFolder.appendingPathComponent("parent"))
            try JSONEncoder().encode(manifest).write(to: runFolder.appendingPathComponent("job.json"), options: .atomic)
            resuming = false
        }
        log("training \(manifest.modelID): preset \(manifest.preset), parent \(manifest.parentID ?? "none"), corpus version \(manifest.corpusVersion), \(threads) thread(s)")

        // The data: the corpus as of the run's version, the evaluation split held out.
        let loaded = try TrainingCorpusLoader(store: store, imageSize: checkpoint.model.config.vision.imageSize).load(asOf: manifest.corpusVersion)
        for item in loaded.skipped.prefix(5) { log("skipped \(item.id): \(item.reason)") }
        let split = EvaluationSplit(share: training.evaluationShare)
        let trainSplit = loaded.corpus.split(split, evaluation: false)
        let evalSplit = loaded.corpus.split(split, evaluation: true)
        log("corpus: \(trainSplit.images.count) images, \(trainSplit.texts.count) texts for training; \(evalSplit.images.count) images, \(evalSplit.texts.count) texts held out")

        let parentVersion = manifest.parentID.flatMap { try? store.model(id: $0)?.corpusVersion }
        let labels = TrainingLabels(policies: configuration.labels.uncertainty, negativeWeight: Float(training.negativeLabelWeight))
        let model: M3CLIPModel, state: TrainingRunState
        let backend = manifest.backend.flatMap(TrainingSettings.Backend.init(rawValue:)) ?? .swift
        switch backend {
        case .swift:
            (model, state) = try trainInProcess(checkpoint: checkpoint, corpus: trainSplit, labels: labels, manifest: manifest,
                                                replayBefore: parentVersion, runFolder: runFolder, resuming: resuming, prompts: prompts,
                                                progress: progress, shouldStop: shouldStop)
        case .torch:
            (model, state) = try trainWithTorch(checkpoint: checkpoint, corpus: loaded.corpus, split: split, labels: labels, manifest: manifest,
                                                replayBefore: parentVersion, runFolder: runFolder, resuming: resuming, prompts: prompts,
                                                progress: progress, shouldStop: shouldStop)
        }
        // A stop asked for after the last step (SIGTERM, the daemon gone) is honoured between the
        // phases too: evaluation, saving and switching the current model never start after it.
        func stopped() -> TrainingJobResult {
            log("stopped \(manifest.modelID) at step \(state.step): resume with `m3clip train --resume \(manifest.modelID)`")
            return TrainingJobResult(modelID: manifest.modelID, verdict: "stopped", finished: "stopped", steps: state.step,
                                     corpusVersion: manifest.corpusVersion, metrics: [:], currentMetrics: nil, reasons: [], confusion: nil)
        }
        if state.finished == "stopped" || shouldStop() { return stopped() }

        // Evaluate the candidate and the model in service on the same data, then gate. The
        // buffers the training steps kept for reuse (training's shapes) serve no evaluation
        // batch: handed back first, they are not added to evaluation's own.
        TensorMemory.trim()
        let evaluation = try ModelEvaluation(configuration: configuration, store: store, prompts: prompts,
                                             languages: Array(Set(trainSplit.texts.map(\.language))).sorted(), heldOut: evalSplit)
        let candidate = try evaluation.evaluate(Checkpoint(model: model, tokenizer: checkpoint.tokenizer, training: TrainingRecord()))
        var current: ModelEvaluation.Outcome? = nil
        if let currentID = folders.currentID() {
            current = try evaluation.evaluate(try Checkpoint.load(from: folders.folder(id: currentID)))
        }
        var metrics = candidate.metrics
        if let last = state.lossCurve.last { metrics["train.final_loss"] = last[1] }
        let verdict = EvalGate(defaultTolerance: training.gateTolerance).judge(candidate: candidate.metrics, current: current?.metrics)
        if shouldStop() { return stopped() }

        // The checkpoint, its record, and the switch.
        var record = TrainingRecord(parentModel: manifest.parentID, corpusVersion: manifest.corpusVersion, steps: state.step,
                                    hyperparameters: manifest.settings.hyperparameters.merging(
                                        ["negative_label_weight": training.negativeLabelWeight]) { $1 },
                                    metrics: metrics,
                                    notes: ["preset": manifest.preset, "trainer": backend == .torch ? "m3clip-torch" : "m3clip-swift", "objective": manifest.settings.objective.rawValue,
                                            "finished": state.finished ?? "", "self_trained_labels": "\(state.selfTrained.count)"])
        if let textFrom = manifest.textFrom { record.notes["text_encoder_from"] = textFrom }
        record.lossCurve = state.lossCurve
        record.itemsSeen = state.textsSeen.merging(["images": state.imagesSeen]) { $1 }
        record.verdict = verdict.passed ? "passed" : "refused"
        record.gateReasons = verdict.reasons
        try Checkpoint(model: model, tokenizer: checkpoint.tokenizer, training: record).save(to: folders.folder(id: manifest.modelID))
        try store.saveDerivedLabels(modelId: manifest.modelID, state.selfTrained.flatMap { item, entries in
            entries.map { (itemId: item, observation: $0.key, probability: Double($0.value)) }
        })
        try store.setVerdict(id: manifest.modelID, verdict: verdict.passed ? .passed : .refused, metrics: metrics)
        if verdict.passed {
            try folders.makeCurrent(id: manifest.modelID)
            // The new current model publishes its index; a failure here leaves the model current
            // and the previous index serving (`m3clip publish` retries).
            do {
                _ = try IndexPublisher(store: store, dtype: configuration.index.dtype).publish(modelFolder: folders.folder(id: manifest.modelID), log: log)
            } catch {
                log("publishing the index of \(manifest.modelID) failed: \(error)")
            }
        }
        try? FileManager.default.removeItem(at: runFolder)
        log("\(manifest.modelID): \(verdict.passed ? "passed the gate, now current" : "refused by the gate: " + verdict.reasons.joined(separator: "; "))")
        return TrainingJobResult(modelID: manifest.modelID, verdict: verdict.passed ? "passed" : "refused", finished: state.finished ?? "",
                                 steps: state.step, corpusVersion: manifest.corpusVersion, metrics: metrics,
                                 currentMetrics: current?.metrics, reasons: verdict.reasons, confusion: candidate.zeroShot?.confusion)
    }

    /// A new run's trainer settings: `[training]` with the job's options on top.
    func newRunSettings() throws -> TrainerSettings {
        let training = configuration.training
        var settings = training.trainerSettings(minutes: options.steps == nil ? (options.minutes ?? training.maxMinutes) : nil,
                                                steps: options.steps, seed: options.seed)
        if let batch = options.batchSize { settings.sampling.batchSize = batch }
        if let objective = options.objective { settings.objective = objective }
        try settings.validate()
        return settings
    }

    /// `m3clip train export`: the training snapshot a new run would train on (the newest corpus
    /// version, the starting model's image size and tokenizer, the run's settings), written to
    /// `folder`; with `checkpoint`, the starting model too (the worker's `--init`).
    public func exportSnapshot(to folder: URL, pixelType: EmbeddingDType, checkpoint checkpointFolder: URL? = nil) throws -> TrainingSnapshot.Summary {
        let training = configuration.training
        let (checkpoint, parentID) = try parentCheckpoint(preset: options.preset ?? training.preset)
        let version = try store.currentVersion()
        let loaded = try TrainingCorpusLoader(store: store, imageSize: checkpoint.model.config.vision.imageSize).load(asOf: version)
        for item in loaded.skipped.prefix(5) { log("skipped \(item.id): \(item.reason)") }
        var snapshot = TrainingSnapshot(corpus: loaded.corpus, evaluationSplit: EvaluationSplit(share: training.evaluationShare),
                                        labels: TrainingLabels(policies: configuration.labels.uncertainty,
                                                               negativeWeight: Float(training.negativeLabelWeight)),
                                        settings: try newRunSettings(),
                                        replayBefore: parentID.flatMap { try? store.model(id: $0)?.corpusVersion },
                                        config: checkpoint.model.config, tokenizer: checkpoint.tokenizer)
        snapshot.pixelType = pixelType
        let prompts = try PromptEnsemble.load()
        snapshot.selfTrainedPrompts = { prompts.selfTrainedPrompts(for: $0, language: "eng_Latn") }
        let summary = try snapshot.write(to: folder)
        if let checkpointFolder { try checkpoint.save(to: checkpointFolder) }
        return summary
    }

    /// The Swift trainer in this process: returns the trained model and the run's final state.
    private func trainInProcess(checkpoint: Checkpoint, corpus: TrainingCorpus, labels: TrainingLabels, manifest: RunManifest,
                                replayBefore: Int?, runFolder: URL, resuming: Bool, prompts: PromptEnsemble,
                                progress: @escaping (TrainingProgress) -> Void,
                                shouldStop: @escaping () -> Bool) throws -> (M3CLIPModel, TrainingRunState) {
        let trainer: ContrastiveTrainer
        do {
            trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer, corpus: corpus, labels: labels,
                                             settings: manifest.settings, replayBefore: replayBefore, runFolder: runFolder)
            trainer.selfTrainedLabeler = SelfTrainedLabeler { prompts.selfTrainedPrompts(for: $0, language: "eng_Latn") }
            if resuming { try trainer.restore(); log("resumed \(manifest.modelID) at step \(trainer.state.step)") }
        } catch {
            // Nothing trained: a new run leaves no trace; an interrupted one keeps its state.
            if !resuming { try? FileManager.default.removeItem(at: runFolder) }
            throw error
        }
        if !resuming { try recordStart(manifest) }
        do {
            return (checkpoint.model, try trainer.run(progress: progress, shouldStop: shouldStop))
        } catch {
            try? store.setVerdict(id: manifest.modelID, verdict: .failed, metrics: [:])
            try? FileManager.default.removeItem(at: runFolder)
            throw error
        }
    }

    /// The PyTorch trainer (`[training.torch]`): the corpus exported once per run as a training
    /// snapshot under the run folder, the worker launched on it from the run's parent checkpoint,
    /// and its finished checkpoint loaded for evaluation. A stopped worker leaves its resume state
    /// in the run folder; `--resume` launches it again on the same snapshot.
    private func trainWithTorch(checkpoint: Checkpoint, corpus: TrainingCorpus, split: EvaluationSplit, labels: TrainingLabels,
                                manifest: RunManifest, replayBefore: Int?, runFolder: URL, resuming: Bool, prompts: PromptEnsemble,
                                progress: @escaping (TrainingProgress) -> Void,
                                shouldStop: @escaping () -> Bool) throws -> (M3CLIPModel, TrainingRunState) {
        let torch = TorchTrainerRun(settings: configuration.training.torch, runFolder: runFolder, log: log)
        let snapshotFolder = runFolder.appendingPathComponent("snapshot")
        do {
            if !FileManager.default.fileExists(atPath: snapshotFolder.appendingPathComponent("snapshot.json").path) {
                var snapshot = TrainingSnapshot(corpus: corpus, evaluationSplit: split, labels: labels, settings: manifest.settings,
                                                replayBefore: replayBefore, config: checkpoint.model.config, tokenizer: checkpoint.tokenizer)
                snapshot.pixelType = EmbeddingDType(rawValue: configuration.training.torch.pixelType) ?? .float16
                snapshot.selfTrainedPrompts = { prompts.selfTrainedPrompts(for: $0, language: "eng_Latn") }
                let summary = try snapshot.write(to: snapshotFolder)
                log("snapshot: \(summary.images) images, \(summary.texts) texts (\(summary.evaluationImages) and \(summary.evaluationTexts) held out), \(summary.bytes / 1_000_000) MB")
            }
        } catch {
            if !resuming { try? FileManager.default.removeItem(at: runFolder) }
            throw error
        }
        if !resuming { try recordStart(manifest) }
        do {
            let state = try torch.run(snapshot: snapshotFolder, initial: runFolder.appendingPathComponent("parent"),
                                      budget: (manifest.settings.steps, manifest.settings.minutes), progress: progress, shouldStop: shouldStop)
            if state.finished == "stopped" { return (checkpoint.model, state) }
            return (try Checkpoint.load(from: torch.checkpointFolder).model, state)
        } catch {
            try? store.setVerdict(id: manifest.modelID, verdict: .failed, metrics: [:])
            try? FileManager.default.removeItem(at: runFolder)
            throw error
        }
    }

    /// The store's record of a new run (verdict pending).
    private func recordStart(_ manifest: RunManifest) throws {
        try store.recordModel(ModelRecord(id: manifest.modelID, parentId: manifest.parentID, corpusVersion: manifest.corpusVersion,
                                          preset: manifest.preset, backend: manifest.backend ?? TrainingSettings.Backend.swift.rawValue,
                                          objective: manifest.settings.objective.rawValue))
    }

    /// The checkpoint a new run starts from, and its model id when it is a stored model; with
    /// `textFrom`, its text encoder replaced by the pre-trained one. From scratch, the pre-trained
    /// encoder brings its tokenizer and vocabulary (a pruned XLM-R vocabulary makes `base` small
    /// enough for a CPU); continuing a model, both must be the model's own.
    func parentCheckpoint(preset: String) throws -> (Checkpoint, String?) {
        let url = options.textFrom.map { URL(fileURLWithPath: $0) }
        let pretrained = try url.map { try TextEncoderCheckpoint.load(from: $0) }
        if options.from == "scratch", let pretrained, let url {
            guard let modelPreset = ModelPreset(rawValue: preset) else { throw TrainingError("unknown preset \(preset)") }
            let checkpoint = try ScratchInitialization.checkpoint(modelPreset.config, seed: options.seed, textEncoder: pretrained)
            log("text encoder from \(url.path) (\(pretrained.tokenizer.vocabularySize) tokens)")
            return (checkpoint, nil)
        }
        let (checkpoint, id) = try startingCheckpoint(preset: preset)
        if let pretrained, let url {
            guard type(of: pretrained.tokenizer) == type(of: checkpoint.tokenizer),
                  pretrained.tokenizer.vocabularySize == checkpoint.tokenizer.vocabularySize else {
                throw TrainingError("\(url.path) was pre-trained with another tokenizer than the model's")
            }
            try pretrained.transplant(into: checkpoint.model)
            log("text encoder from \(url.path)")
        }
        return (checkpoint, id)
    }

    private func startingCheckpoint(preset: String) throws -> (Checkpoint, String?) {
        switch options.from {
        case "scratch":
            return (try fresh(preset: preset), nil)
        case "current":
            guard let id = folders.currentID() else {
                log("no current model: training \(preset) from scratch")
                return (try fresh(preset: preset), nil)
            }
            return (try Checkpoint.load(from: folders.folder(id: id)), id)
        default:
            let url = try folders.resolve(options.from)
            let id = url.deletingLastPathComponent().standardizedFileURL == store.layout.models.standardizedFileURL ? url.lastPathComponent : nil
            return (try Checkpoint.load(from: url), id)
        }
    }

    func fresh(preset: String) throws -> Checkpoint {
        guard let modelPreset = ModelPreset(rawValue: preset) else { throw TrainingError("unknown preset \(preset)") }
        guard modelPreset.config.tokenizer == .bytes else {
            throw TrainingError("preset \(preset) needs XLM-R's tokenizer.json: start from a checkpoint folder with --from PATH, "
                                + "or from scratch with --text-from an XLM-R MLM folder (pretrain-text output)")
        }
        return try ScratchInitialization.checkpoint(modelPreset.config, seed: options.seed)
    }
}
