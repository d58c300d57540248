/// How a batch is drawn (``DecoupledBatchSampler``).
public struct SamplingSettings: Sendable, Codable, Equatable {
    /// Images and texts per batch (each).
    public var batchSize: Int
    /// Share of each batch that is a true pair (an image and a sentence of the same study); the
    /// rest are drawn independently, so unpaired images and unpaired reports both train.
    public var pairShare: Double
    /// Each language present gets at least this share of a batch's unpaired texts (when the
    /// languages are too many for that, they share the batch equally).
    public var languageMinShare: Double
    /// Share of draws that come from corpus versions the parent model already saw (replay), when
    /// both old and new items exist.
    public var replayShare: Double

    public init(batchSize: Int = 32, pairShare: Double = 0.25, languageMinShare: Double = 0.1, replayShare: Double = 0.3) {
        self.batchSize = batchSize
        self.pairShare = pairShare
        self.languageMinShare = languageMinShare
        self.replayShare = replayShare
    }

    /// Checks the ranges; the message names the key.
    public func validate() throws(TrainingError) {
        guard batchSize >= 2 else { throw TrainingError("batch size must be at least 2, got \(batchSize)") }
        for (name, value) in [("pair_share", pairShare), ("language_min_share", languageMinShare), ("replay_share", replayShare)]
        where !(0...1).contains(value) {
            throw TrainingError("\(name) must be between 0 and 1, got \(value)")
        }
    }
}
