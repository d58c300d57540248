public import Foundation
public import Radiology
import Tensors

/// Where a run stands: enough, with the model and optimizer tensors beside it, to resume after a
/// crash and continue the same loss curve (`run.json` in the run folder).
public struct TrainingRunState: Sendable, Codable, Equatable {
    /// Steps taken.
    public var step = 0
    /// Steps the schedule spans (fixed at the start, or calibrated from the first steps' speed
    /// when the run has a time budget).
    public var totalSteps: Int?
    /// The sampler's and augmenter's generator state.
    public var rngState: [UInt64]
    /// `[step, mean loss]` every `logEvery` steps.
    public var lossCurve: [[Double]] = []
    /// Texts drawn per language, and images drawn.
    public var textsSeen: [String: Int] = [:]
    public var imagesSeen = 0
    /// 1 until U-SelfTrained probabilities are derived, then 2.
    public var phase = 1
    /// U-SelfTrained probabilities derived at the phase switch, by item id and observation name.
    public var selfTrained: [String: [String: Float]] = [:]
    /// Whether a time-budgeted run has re-measured its speed (once, at 10 % of the budget).
    public var recalibrated = false
    /// Optimisation time so far, over every resumption.
    public var elapsedSeconds: Double = 0
    /// Why the run ended (`completed`, `time limit`, `stopped`), nil while it runs.
    public var finished: String?

    public init(seed: UInt64) {
        rngState = TensorRNG(seed: seed).state
    }

    /// The derived probabilities keyed by ``Observation``.
    public var selfTrainedProbabilities: [String: [Observation: Float]] {
        selfTrained.mapValues { entries in
            Dictionary(uniqueKeysWithValues: entries.compactMap { name, p in Observation(rawValue: name).map { ($0, p) } })
        }
    }

    enum CodingKeys: String, CodingKey {
        case step, totalSteps = "total_steps", rngState = "rng_state", lossCurve = "loss_curve", textsSeen = "texts_seen"
        case imagesSeen = "images_seen", phase, selfTrained = "self_trained", elapsedSeconds = "elapsed_s", finished, recalibrated
    }

    /// Reads `run.json`.
    public static func load(from url: URL) throws -> TrainingRunState {
        try JSONDecoder().decode(TrainingRunState.self, from: Data(contentsOf: url))
    }

    /// Writes `run.json` atomically.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
