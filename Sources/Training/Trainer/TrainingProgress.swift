/// One progress record of a run (a JSON line with `m3clip train --json`, a bar on a terminal).
public struct TrainingProgress: Sendable, Codable, Equatable {
    public var event = "progress"
    public var step: Int
    public var totalSteps: Int
    /// Mean loss over the steps since the previous record.
    public var loss: Double
    public var learningRate: Double
    public var logitScale: Double
    /// Images plus texts per second over the steps since the previous record.
    public var itemsPerSecond: Double
    public var elapsedSeconds: Double
    public var etaSeconds: Double
    /// 1, or 2 after U-SelfTrained probabilities were derived.
    public var phase: Int
    /// The PyTorch trainer on GPUs: peak GPU memory of rank 0 (GiB) and the model FLOP
    /// utilisation (counted FLOPs per second over the GPUs' dense bf16 peak); nil otherwise.
    public var gpuMemoryGB: Double?
    public var modelFLOPUtilization: Double?
    /// Processes training together (the PyTorch trainer); nil for the Swift trainer.
    public var worldSize: Int?

    enum CodingKeys: String, CodingKey {
        case event, step, totalSteps = "total_steps", loss, learningRate = "lr", logitScale = "logit_scale"
        case itemsPerSecond = "items_per_s", elapsedSeconds = "elapsed_s", etaSeconds = "eta_s", phase
        case gpuMemoryGB = "gpu_memory_gb", modelFLOPUtilization = "mfu", worldSize = "world_size"
    }
}
