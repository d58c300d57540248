import Foundation
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
            var settings = training.trainerSettings(minutes: options.steps == nil ? (options.minutes ?? training.maxMinutes) : nil,
                                                    steps: options.steps, seed: options.seed)
            if let batch = options.batchSize { settings.sampling.batchSize = batch }
            if let objective = options.objective { settings.objective = objective }
            try settings.validate()
            manifest = RunManifest(modelID: modelID, parentID: parentID, preset: preset, corpusVersion: try store.currentVersion(),
                                   settings: settings, textFrom: options.textFrom.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            runFolder = folders.runFolder(id: modelID)
            try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
            try parent.save(to: runFolder.appendingPathComponent("parent"))
            try JSONEncoder().encode(manifest).write(to: runFolder.appendingPathComponent("job.json"), options: .atomic)
            resuming = false
        }
        let model = checkpoint.model
        log("training \(manifest.modelID): preset \(manifest.preset), parent \(manifest.parentID ?? "none"), corpus version \(manifest.corpusVersion), \(threads) thread(s)")

        // The data: the corpus as of the run's version, the evaluation split held out.
        let loaded = try TrainingCorpusLoader(store: store, imageSize: model.config.vision.imageSize).load(asOf: manifest.corpusVersion)
        for item in loaded.skipped.prefix(5) { log("skipped \(item.id): \(item.reason)") }
        let split = EvaluationSplit(share: training.evaluationShare)
        let trainSplit = loaded.corpus.split(split, evaluation: false)
        let evalSplit = loaded.corpus.split(split, evaluation: true)
        log("corpus: \(trainSplit.images.count) images, \(trainSplit.texts.count) texts for training; \(evalSplit.images.count) images, \(evalSplit.texts.count) texts held out")

        let parentVersion = manifest.parentID.flatMap { try? store.model(id: $0)?.corpusVersion }
        let trainer: ContrastiveTrainer
        do {
            trainer = try ContrastiveTrainer(model: model, tokenizer: checkpoint.tokenizer, corpus: trainSplit,
                                             labels: TrainingLabels(policies: configuration.labels.uncertainty,
                                                                     negativeWeight: Float(training.negativeLabelWeight)),
                                             settings: manifest.settings, replayBefore: parentVersion, runFolder: runFolder)
            trainer.selfTrainedLabeler = SelfTrainedLabeler { prompts.selfTrainedPrompts(for: $0, language: "eng_Latn") }
            if resuming { try trainer.restore(); log("resumed \(manifest.modelID) at step \(trainer.state.step)") }
        } catch {
            // Nothing trained: a new run leaves no trace; an interrupted one keeps its state.
            if !resuming { try? FileManager.default.removeItem(at: runFolder) }
            throw error
        }
        if !resuming {
            try store.recordModel(ModelRecord(id: manifest.modelID, parentId: manifest.parentID, corpusVersion: manifest.corpusVersion,
                                              preset: manifest.preset, backend: training.backend.rawValue,
                                              objective: manifest.settings.objective.rawValue))
        }

        let state: TrainingRunState
        do {
            state = try trainer.run(progress: progress, shouldStop: shouldStop)
        } catch {
            try? store.setVerdict(id: manifest.modelID, verdict: .failed, metrics: [:])
            try? FileManager.default.removeItem(at: runFolder)
            throw error
        }
        // A stop asked for after the last step (SIGTERM, the daemon gone) is honoured between the
        // phases too: evaluation, saving and switching the current model never start after it.
        func stopped() -> TrainingJobResult {
            log("stopped \(manifest.modelID) at step \(state.step): resume with `m3clip train --resume \(manifest.modelID)`")
            return TrainingJobResult(modelID: manifest.modelID, verdict: "stopped", finished: "stopped", steps: state.step,
                                     corpusVersion: manifest.corpusVersion, metrics: [:], currentMetrics: nil, reasons: [], confusion: nil)
        }
        if state.finished == "stopped" || shouldStop() { return stopped() }

        // Evaluate the candidate and the model in service on the same data, then gate.
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
                                    notes: ["preset": manifest.preset, "trainer": "m3clip-swift", "objective": manifest.settings.objective.rawValue,
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

    /// The checkpoint a new run starts from, and its model id when it is a stored model; with
    /// `textFrom`, its text encoder replaced by the pre-trained one.
    func parentCheckpoint(preset: String) throws -> (Checkpoint, String?) {
        let (checkpoint, id) = try startingCheckpoint(preset: preset)
        if let textFrom = options.textFrom {
            let url = URL(fileURLWithPath: textFrom)
            let pretrained = try TextEncoderCheckpoint.load(from: url)
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
            throw TrainingError("preset \(preset) needs XLM-R's tokenizer.json: start from a checkpoint folder with --from PATH")
        }
        return try ScratchInitialization.checkpoint(modelPreset.config, seed: options.seed)
    }
}
