/// The outcome of one training job, printed as the last JSON line of `m3clip train --json`.
public struct TrainingJobResult: Sendable, Codable {
    public var event = "result"
    public var modelID: String
    /// `passed` (now current), `refused` (kept, not current), or `stopped` (resumable).
    public var verdict: String
    public var finished: String
    public var steps: Int
    public var corpusVersion: Int
    public var metrics: [String: Double]
    /// The current model's metrics on the same evaluation data (nil: there was none).
    public var currentMetrics: [String: Double]?
    public var reasons: [String]
    public var confusion: [[Int]]?

    enum CodingKeys: String, CodingKey {
        case event, modelID = "model", verdict, finished, steps, corpusVersion = "corpus_version", metrics
        case currentMetrics = "current_metrics", reasons, confusion
    }
}
