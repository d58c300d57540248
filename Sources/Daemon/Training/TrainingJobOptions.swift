public import Training

/// What `m3clip train` (or the daemon's scheduler) asks of one run; nil fields take the
/// `[training]` configuration's values.
public struct TrainingJobOptions: Sendable {
    public var preset: String?
    /// `current` (continue the model in service; from scratch when there is none), `scratch`, or
    /// a checkpoint folder.
    public var from = "current"
    public var steps: Int?
    public var minutes: Double?
    public var batchSize: Int?
    public var seed: UInt64 = 0
    public var objective: TrainingObjective?
    /// Resume the interrupted run with this model id instead of starting one.
    public var resume: String?
    /// A text encoder pre-trained by `m3clip pretrain-text` (or an HF XLM-R MLM folder): its
    /// weights replace the starting model's text encoder before the run.
    public var textFrom: String?

    public init() {}
}
