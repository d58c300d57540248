/// One text pre-training run's knobs.
public struct TextPretrainingSettings: Sendable, Codable, Equatable {
    /// With both, batches alternate MLM and TLM (as XLM alternates its objectives).
    public var objectives: [TextPretrainingObjective] = [.mlm, .tlm]
    public var batchSize = 32
    /// Tokens per MLM sequence; a TLM pair gets twice as many.
    public var maxLength = 64
    public var learningRate: Float = 5e-4
    public var minLearningRateShare: Float = 0.1
    public var warmupShare = 0.06
    public var weightDecay: Float = 0.01
    public var clipNorm: Float = 1
    /// XLM's language-sampling exponent.
    public var alpha = 0.3
    public var probability = 0.15
    public var wholeWords = false
    /// Stop after this many steps, or this many minutes (the schedule then spans the time).
    public var steps: Int?
    public var minutes: Double?
    public var seed: UInt64 = 0
    public var logEvery = 20

    public init() {}

    public var masking: MaskingPolicy { MaskingPolicy(probability: probability, wholeWords: wholeWords) }

    public func validate() throws(TrainingError) {
        guard !objectives.isEmpty else { throw TrainingError("no objective: choose mlm, tlm or both") }
        guard steps != nil || minutes != nil else { throw TrainingError("give a step count or a time budget") }
        guard batchSize > 0, maxLength >= 8 else { throw TrainingError("batch size must be positive and sequences at least 8 tokens") }
        guard (0...1).contains(probability) else { throw TrainingError("the masking probability must be in 0…1") }
    }
}
