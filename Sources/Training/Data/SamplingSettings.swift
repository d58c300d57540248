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
    /// Share of the unpaired images drawn finding-first: a finding uniformly among those some
    /// labeled image shows (*No Finding* counts as one), then an image that shows it. The rest are
    /// drawn uniformly. Without it a finding as rare as consolidation (≈ 3 % of studies) reaches
    /// about one image per batch of 32, and the rarest classes barely train.
    public var findingBalanceShare: Double
    /// Share of the unpaired texts drawn to match an unpaired image of the same batch: one of
    /// that image's findings, then a text (of the slot's language where it has one) that states
    /// it. The rest are drawn uniformly. Report sentences are mostly normal statements and
    /// negations, so without it most abnormal images have no text of their finding in the batch:
    /// their soft targets are flat and teach nothing (consolidation is stated by ≈ 1 sentence in
    /// 100, so a batch holds one in about 4 batches).
    public var labelMatchShare: Double

    public init(batchSize: Int = 32, pairShare: Double = 0.25, languageMinShare: Double = 0.1, replayShare: Double = 0.3,
                findingBalanceShare: Double = 0.5, labelMatchShare: Double = 0.5) {
        self.batchSize = batchSize
        self.pairShare = pairShare
        self.languageMinShare = languageMinShare
        self.replayShare = replayShare
        self.findingBalanceShare = findingBalanceShare
        self.labelMatchShare = labelMatchShare
    }

    /// Checks the ranges; the message names the key.
    public func validate() throws(TrainingError) {
        guard batchSize >= 2 else { throw TrainingError("batch size must be at least 2, got \(batchSize)") }
        for (name, value) in [("pair_share", pairShare), ("language_min_share", languageMinShare), ("replay_share", replayShare),
                              ("finding_balance_share", findingBalanceShare), ("label_match_share", labelMatchShare)]
        where !(0...1).contains(value) {
            throw TrainingError("\(name) must be between 0 and 1, got \(value)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case batchSize, pairShare, languageMinShare, replayShare, findingBalanceShare, labelMatchShare
    }

    /// Resume states written before the finding-aware draws existed read as draws without them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(batchSize: try c.decode(Int.self, forKey: .batchSize), pairShare: try c.decode(Double.self, forKey: .pairShare),
                  languageMinShare: try c.decode(Double.self, forKey: .languageMinShare),
                  replayShare: try c.decode(Double.self, forKey: .replayShare),
                  findingBalanceShare: try c.decodeIfPresent(Double.self, forKey: .findingBalanceShare) ?? 0,
                  labelMatchShare: try c.decodeIfPresent(Double.self, forKey: .labelMatchShare) ?? 0)
    }
}
