public import Foundation
public import Models
import Radiology
import Tensors

/// The training loop: decoupled batches → augmentation → both encoders → the semantic-matching
/// (or InfoNCE) loss → backward → global-norm clip → AdamW with warm-up + cosine → logit-scale
/// clamp; U-SelfTrained probabilities derived at the phase switch; resumable from its run folder.
///
/// One run at a time per model; the caller owns the model (its parameters are updated in place).
public final class ContrastiveTrainer {
    public let model: M3CLIPModel
    public let tokenizer: any TextTokenizer
    public let corpus: TrainingCorpus
    public let settings: TrainerSettings
    public private(set) var labels: TrainingLabels
    public private(set) var state: TrainingRunState
    /// Where the resume state lives (`model.safetensors`, `optimizer.safetensors`, `run.json`); nil: not saved.
    public let runFolder: URL?
    /// Derives U-SelfTrained probabilities at the phase switch; nil leaves them ignored.
    public var selfTrainedLabeler: SelfTrainedLabeler?

    private let sampler: DecoupledBatchSampler
    private let optimizer: AdamW
    private let preprocessor: ImagePreprocessor
    /// Steps used for the provisional warm-up while a time-budgeted run calibrates its length.
    static let calibrationSteps = 5

    /// `corpus` is the training split; `replayBefore` the parent model's corpus version.
    public init(model: M3CLIPModel, tokenizer: any TextTokenizer, corpus: TrainingCorpus, labels: TrainingLabels,
                settings: TrainerSettings, replayBefore: Int? = nil, runFolder: URL? = nil) throws(TrainingError) {
        try settings.validate()
        var sampling = settings.sampling
        if settings.objective == .infoNCE { sampling.pairShare = 1 }
        let sampler = try DecoupledBatchSampler(corpus: corpus, settings: sampling, replayBefore: replayBefore)
        if settings.objective == .infoNCE && !sampler.hasPairs {
            throw TrainingError("InfoNCE needs true pairs, and no study has both an image and a labeled text")
        }
        for image in corpus.images where image.side != model.config.vision.imageSize {
            throw TrainingError("image \(image.id) is \(image.side) px, the model takes \(model.config.vision.imageSize)")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.corpus = corpus
        self.settings = settings
        self.labels = labels
        self.runFolder = runFolder
        self.sampler = sampler
        model.text.wordEmbeddings.sparseGradient = settings.sparseEmbeddingGradients ?? (model.text.config.vocabSize >= 32_768)
        optimizer = AdamW(model.parameters, learningRate: settings.learningRate, weightDecay: settings.weightDecay)
        preprocessor = ImagePreprocessor(config: model.config)
        state = TrainingRunState(seed: settings.seed)
        state.totalSteps = settings.steps
    }

    /// Continues from the state in ``runFolder`` (model, optimizer, sampler position, loss curve,
    /// derived labels), as if the run had never stopped.
    public func restore() throws {
        guard let runFolder else { throw TrainingError("no run folder to resume from") }
        let saved = try TrainingRunState.load(from: runFolder.appendingPathComponent("run.json"))
        let tensors = try SafeTensors(contentsOf: runFolder.appendingPathComponent("model.safetensors"))
        var named: [String: Tensor] = [:]
        for name in tensors.names { named[name] = try tensors.tensor(name) }
        try model.load(named)
        try optimizer.load(from: runFolder.appendingPathComponent("optimizer.safetensors"))
        state = saved
        labels = TrainingLabels(policies: labels.policies, selfTrained: saved.selfTrainedProbabilities, negativeWeight: labels.negativeWeight)
    }

    /// Writes the resume state (model and optimizer first, `run.json` last: a crash in between
    /// leaves the previous `run.json`, whose step the tensors are at least as new as).
    public func saveState() throws {
        guard let runFolder else { return }
        try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
        try SafeTensors.write(model.stateDict, metadata: ["format": "pt"], to: runFolder.appendingPathComponent("model.safetensors"))
        try optimizer.save(to: runFolder.appendingPathComponent("optimizer.safetensors"))
        try state.save(to: runFolder.appendingPathComponent("run.json"))
    }

    /// Trains until the step count or time budget is reached or `shouldStop` says so (checked at
    /// every step boundary). Returns the final state; ``TrainingRunState/finished`` says why.
    public func run(progress: (TrainingProgress) -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) throws -> TrainingRunState {
        var rng = TensorRNG(state: state.rngState)
        let budget = settings.minutes.map { $0 * 60 }
        var windowLoss: Double = 0, windowSteps = 0, windowItems = 0
        var windowStart = Date()
        var calibrationStart: Date? = nil, calibrationSteps = 0
        while true {
            if let total = state.totalSteps, state.step >= total { state.finished = "completed"; break }
            if let budget, state.elapsedSeconds >= budget { state.finished = "time limit"; break }
            if shouldStop() { state.finished = "stopped"; break }
            try switchPhaseIfDue()
            let started = Date()
            let loss = try step(rng: &rng)
            let seconds = Date().timeIntervalSince(started)
            state.elapsedSeconds += seconds
            state.step += 1
            state.rngState = rng.state
            windowLoss += Double(loss); windowSteps += 1; windowItems += 2 * settings.sampling.batchSize

            if let budget, settings.steps == nil {
                // Calibrate the schedule's length from steps 2…6 (the first pays for allocation).
                if state.step == 1 { calibrationStart = Date() } else if calibrationStart != nil { calibrationSteps += 1 }
                if state.totalSteps == nil, calibrationSteps == Self.calibrationSteps, let start = calibrationStart {
                    let perStep = Date().timeIntervalSince(start) / Double(calibrationSteps)
                    state.totalSteps = max(state.step + 1, Int(budget / max(perStep, 1e-6)))
                } else if !state.recalibrated, state.totalSteps != nil, state.elapsedSeconds >= 0.1 * budget {
                    // Once, at 10 % of the budget, from the steady-state speed (the first steps pay
                    // for allocation and warm caches), so the schedule spans the whole budget.
                    state.recalibrated = true
                    state.totalSteps = max(state.step + 1, Int(budget / (state.elapsedSeconds / Double(state.step))))
                }
            }
            if state.step % settings.logEvery == 0 || state.step == state.totalSteps {
                let mean = windowLoss / Double(windowSteps)
                state.lossCurve.append([Double(state.step), mean])
                let now = Date()
                let rate = Double(windowItems) / max(now.timeIntervalSince(windowStart), 1e-9)
                let remainingSteps = Double(max(0, (state.totalSteps ?? state.step) - state.step))
                var eta = remainingSteps * state.elapsedSeconds / Double(max(state.step, 1))
                if let budget { eta = min(eta, max(0, budget - state.elapsedSeconds)) }
                progress(TrainingProgress(step: state.step, totalSteps: state.totalSteps ?? 0, loss: mean,
                                          learningRate: Double(optimizer.learningRate),
                                          logitScale: Double(model.scale().item), itemsPerSecond: rate,
                                          elapsedSeconds: state.elapsedSeconds, etaSeconds: eta, phase: state.phase))
                windowLoss = 0; windowSteps = 0; windowItems = 0; windowStart = now
            }
            if state.step % settings.checkpointEvery == 0 { try saveState() }
        }
        try saveState()
        return state
    }

    /// The learning rate of 0-based `step`.
    func learningRate(at step: Int) -> Float {
        let floor = settings.learningRate * settings.minLearningRateShare
        guard let total = state.totalSteps else {
            // Time-budgeted run still calibrating: a provisional linear warm-up.
            return settings.learningRate * Float(step + 1) / Float(10 * Self.calibrationSteps)
        }
        let warmup = Int(settings.warmupShare * Double(total))
        return WarmupCosineSchedule(peak: settings.learningRate, warmupSteps: min(warmup, total), totalSteps: total, minimum: floor)
            .learningRate(at: step)
    }

    /// One optimiser step on the sampler's next batch; returns the batch loss.
    func step(rng: inout TensorRNG) throws -> Float {
        try step(sampler.next(rng: &rng), rng: &rng)
    }

    /// One optimiser step on `batch` (the parity checks feed a fixed one); returns the batch loss.
    func step(_ batch: SampledBatch, rng: inout TensorRNG) throws -> Float {
        let images = batch.images.map { corpus.images[$0] }
        let texts = batch.texts.map { corpus.texts[$0] }
        let pixels = concat(images.map { image in
            let square = settings.augmentation.map { $0(image.pixels, side: image.side, rng: &rng) } ?? image.pixels
            return preprocessor.normalized(square: square)
        }, axis: 0)
        let strings = texts.map { text in settings.textAugmentation.map { $0(text.text, labels: text.labels, rng: &rng) } ?? text.text }
        let tokens = tokenizer.batch(strings, maxLength: model.config.maxTextLength)

        // The towers share no parameter, so each records on its own tape and both passes, forward
        // and backward, run side by side on two cores; the loss's tape joins them through the
        // gradients of the two embedding matrices.
        let imageTape = Tape(), textTape = Tape()
        let (imageOutput, textOutput) = TensorThreads.sideBySide({ model.encodeImage(pixels, Weights(tape: imageTape)) },
                                                                 { model.encodeText(tokens, Weights(tape: textTape)) })
        let tape = Tape()
        let imageEmbeddings = tape.watch(imageOutput.detached), textEmbeddings = tape.watch(textOutput.detached)
        let scale = model.scale(Weights(tape: tape))
        let loss: Tensor
        switch settings.objective {
        case .semanticMatching:
            let matrices = labels.matrices(images: images.map { .init(id: $0.id, studyKey: $0.studyKey, labels: $0.labels) },
                                           texts: texts.map { .init(id: $0.id, studyKey: $0.studyKey, labels: $0.labels) })
            loss = semanticMatchingLoss(image: imageEmbeddings, text: textEmbeddings, scale: scale,
                                        imageLabels: matrices.images, textLabels: matrices.texts,
                                        labelTemperature: settings.labelTemperature)
        case .infoNCE:
            loss = infoNCELoss(image: imageEmbeddings, text: textEmbeddings, scale: scale)
        }
        let value = loss.item
        guard value.isFinite else {
            throw TrainingError("the loss is \(value) at step \(state.step + 1): the run is stopped and its model discarded")
        }
        tape.backward(loss)
        let imageGradient = tape.gradient(of: imageEmbeddings), textGradient = tape.gradient(of: textEmbeddings)
        _ = TensorThreads.sideBySide({ imageGradient.map { imageTape.backward(imageOutput, seed: $0) } },
                                     { textGradient.map { textTape.backward(textOutput, seed: $0) } })
        clipGradientNorm(optimizer.parameters, maxNorm: settings.clipNorm)
        optimizer.learningRate = learningRate(at: state.step)
        optimizer.step()
        optimizer.zeroGrad()
        model.clampLogitScale()
        state.imagesSeen += images.count
        for text in texts { state.textsSeen[text.language, default: 0] += 1 }
        return value
    }

    /// At the end of phase 1, derives every pending U-SelfTrained probability and moves to phase 2.
    private func switchPhaseIfDue() throws {
        guard state.phase == 1, settings.selfTrainedShare > 0, let labeler = selfTrainedLabeler,
              let total = state.totalSteps, state.step >= Int(settings.selfTrainedShare * Double(total)) else { return }
        var pending: [SelfTrainedLabeler.Pending] = []
        for (i, image) in corpus.images.enumerated() {
            for observation in labels.pending(id: image.id, labels: image.labels) {
                pending.append(.init(itemID: image.id, observation: observation, index: i, isImage: true))
            }
        }
        for (i, text) in corpus.texts.enumerated() {
            for observation in labels.pending(id: text.id, labels: text.labels) {
                pending.append(.init(itemID: text.id, observation: observation, index: i, isImage: false))
            }
        }
        let probabilities = labeler.probabilities(for: pending, corpus: corpus, embedder: Embedder(model: model, tokenizer: tokenizer))
        for (item, p) in zip(pending, probabilities) {
            labels.setProbability(p, for: item.observation, of: item.itemID)
            state.selfTrained[item.itemID, default: [:]][item.observation.rawValue] = p
        }
        state.phase = 2
    }
}
