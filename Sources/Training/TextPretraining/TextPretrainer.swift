import Foundation
public import Models
import Tensors

/// Continues a text encoder's pre-training on medical text: MLM batches of single sentences,
/// their language drawn with XLM's exponent, and TLM batches of a sentence and its translation
/// (order random, masked on both sides), alternating when both run; AdamW, warm-up + cosine,
/// global-norm clipping. Updates the model in place.
public final class TextPretrainer {
    public let model: XLMRobertaMaskedLM
    public let tokenizer: any TextTokenizer
    public let corpus: TextPretrainingCorpus
    public let settings: TextPretrainingSettings

    private let optimizer: AdamW
    private let sentenceSampler: LanguageSampler?
    private let pairSampler: LanguageSampler?
    private let sentencesByLanguage: [String: [Int]]
    private let pairsByLanguage: [String: [Int]]
    private let pairEncoder: TranslationPairEncoder

    public struct Result: Sendable, Codable, Equatable {
        public var steps: Int
        public var seconds: Double
        /// `[step, mean loss]` every `logEvery` steps.
        public var lossCurve: [[Double]]
        /// Sequences trained on, per objective.
        public var sequences: [String: Int]
        public var finished: String

        public init(steps: Int, seconds: Double, lossCurve: [[Double]], sequences: [String: Int], finished: String) {
            self.steps = steps
            self.seconds = seconds
            self.lossCurve = lossCurve
            self.sequences = sequences
            self.finished = finished
        }
    }

    public init(model: XLMRobertaMaskedLM, tokenizer: any TextTokenizer, corpus: TextPretrainingCorpus,
                settings: TextPretrainingSettings) throws(TrainingError) {
        try settings.validate()
        guard tokenizer.maskID != nil else { throw TrainingError("the tokenizer has no <mask> token") }
        let longest = settings.objectives.contains(.tlm) ? 2 * settings.maxLength : settings.maxLength
        guard longest <= model.encoder.config.maxSequenceLength else {
            throw TrainingError("sequences of \(longest) tokens exceed the encoder's \(model.encoder.config.maxSequenceLength) positions")
        }
        if settings.objectives.contains(.mlm), corpus.sentences.isEmpty { throw TrainingError("MLM needs sentences; the corpus has none") }
        if settings.objectives.contains(.tlm), corpus.pairs.isEmpty {
            throw TrainingError("TLM needs sentences with kept translations; the corpus has none")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.corpus = corpus
        self.settings = settings
        optimizer = AdamW(model.parameters, learningRate: settings.learningRate, weightDecay: settings.weightDecay)
        sentenceSampler = corpus.sentences.isEmpty ? nil : LanguageSampler(counts: corpus.sentenceCounts, alpha: settings.alpha)
        pairSampler = corpus.pairs.isEmpty ? nil : LanguageSampler(counts: corpus.pairCounts, alpha: settings.alpha)
        sentencesByLanguage = Dictionary(grouping: corpus.sentences.indices, by: { corpus.sentences[$0].language })
        pairsByLanguage = Dictionary(grouping: corpus.pairs.indices, by: { corpus.pairs[$0].translation.language })
        pairEncoder = TranslationPairEncoder(maxLength: 2 * settings.maxLength)
    }

    /// Trains until the steps or the time budget are spent, or `shouldStop` says so.
    public func run(progress: (_ step: Int, _ loss: Double, _ seconds: Double) -> Void = { _, _, _ in },
                    shouldStop: () -> Bool = { false }) throws -> Result {
        var rng = TensorRNG(seed: settings.seed)
        let started = Date()
        var result = Result(steps: 0, seconds: 0, lossCurve: [], sequences: [:], finished: "completed")
        var window = 0.0, windowSteps = 0
        while true {
            let elapsed = Date().timeIntervalSince(started)
            if let steps = settings.steps, result.steps >= steps { break }
            if let minutes = settings.minutes, elapsed >= minutes * 60 { result.finished = "time limit"; break }
            if shouldStop() { result.finished = "stopped"; break }
            let objective = settings.objectives[result.steps % settings.objectives.count]
            optimizer.learningRate = learningRate(progress: fraction(step: result.steps, elapsed: elapsed))
            let loss = try step(objective, rng: &rng)
            result.steps += 1
            result.sequences[objective.rawValue, default: 0] += settings.batchSize
            window += Double(loss); windowSteps += 1
            if result.steps % settings.logEvery == 0 {
                result.lossCurve.append([Double(result.steps), window / Double(windowSteps)])
                progress(result.steps, window / Double(windowSteps), Date().timeIntervalSince(started))
                window = 0; windowSteps = 0
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// How far through the run (0…1): by steps when counted, else by time.
    private func fraction(step: Int, elapsed: Double) -> Double {
        if let steps = settings.steps { return Double(step) / Double(max(steps, 1)) }
        return elapsed / max(1, (settings.minutes ?? 1) * 60)
    }

    private func learningRate(progress: Double) -> Float {
        let total = 10_000
        let schedule = WarmupCosineSchedule(peak: settings.learningRate, warmupSteps: Int(settings.warmupShare * Double(total)),
                                            totalSteps: total, minimum: settings.learningRate * settings.minLearningRateShare)
        return schedule.learningRate(at: min(total - 1, Int(progress * Double(total))))
    }

    /// The sequences of one batch of `objective`, as token ids with specials.
    func batchSequences(_ objective: TextPretrainingObjective, rng: inout TensorRNG) -> [[Int32]] {
        (0..<settings.batchSize).map { _ in
            switch objective {
            case .mlm:
                let language = sentenceSampler!.sample(rng: &rng)
                let pool = sentencesByLanguage[language]!
                return tokenizer.encode(corpus.sentences[pool[Int.random(in: 0..<pool.count, using: &rng)]].text, maxLength: settings.maxLength)
            case .tlm:
                let language = pairSampler!.sample(rng: &rng)
                let pool = pairsByLanguage[language]!
                let pair = corpus.pairs[pool[Int.random(in: 0..<pool.count, using: &rng)]]
                let (first, second) = Bool.random(using: &rng) ? (pair.source.text, pair.translation.text) : (pair.translation.text, pair.source.text)
                return pairEncoder.encode(first, second, tokenizer: tokenizer)
            }
        }
    }

    /// One optimiser step; returns the batch's MLM loss.
    func step(_ objective: TextPretrainingObjective, rng: inout TensorRNG) throws -> Float {
        var inputs: [[Int32]] = [], labels: [[Int32]] = []
        for sequence in batchSequences(objective, rng: &rng) {
            let masked = settings.masking.mask(sequence, tokenizer: tokenizer, rng: &rng)
            inputs.append(masked.inputs)
            labels.append(masked.labels)
        }
        let batch = TokenBatch(inputs, padID: tokenizer.padID)
        let flatLabels = labels.flatMap { $0 + [Int32](repeating: XLMRobertaMaskedLM.ignoredLabel, count: batch.length - $0.count) }
        let tape = Tape()
        let w = Weights(tape: tape)
        guard let loss = model.loss(batch, labels: flatLabels, w) else { return 0 }
        let value = loss.item
        guard value.isFinite else { throw TrainingError("the MLM loss is \(value): the run is stopped") }
        tape.backward(loss)
        clipGradientNorm(optimizer.parameters, maxNorm: settings.clipNorm)
        optimizer.step()
        optimizer.zeroGrad()
        return value
    }
}
