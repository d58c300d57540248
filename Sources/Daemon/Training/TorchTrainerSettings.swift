public import Foundation

/// `[training.torch]`: how `training.backend = "torch"` launches the PyTorch trainer
/// (`Workers/trainer/train.py`). Every key is documented in `Config/m3clip.toml`.
public struct TorchTrainerSettings: Sendable, Equatable {
    /// The venv's interpreter (`Scripts/setup.sh --with-trainer` creates it).
    public var python: URL
    /// `Workers/trainer/train.py`.
    public var script: URL
    /// The command, split on spaces; `{python}`, `{script}`, `{gpus}` are replaced and `{args}`
    /// becomes the run's arguments (`--snapshot … --init … --out …` and the budget). No shell.
    public var launch: String
    /// Processes per node: one per GPU (on a CPU-only host, that many gloo processes).
    public var gpus: Int
    /// DataLoader worker processes per training process (decode, augment, tokenize).
    public var loaderWorkers: Int
    /// Further arguments for train.py, split on spaces (e.g. `--compile --gradient-checkpointing`).
    public var extraArguments: [String]
    /// Element type of the snapshot's images.npy.
    public var pixelType: String

    public static let defaultLaunch = "{python} -m torch.distributed.run --standalone --nproc-per-node {gpus} {script} {args}"

    /// The launch command for a run with `arguments`.
    public func command(arguments: [String]) -> [String] {
        launch.split(separator: " ", omittingEmptySubsequences: true).flatMap { token -> [String] in
            switch token {
            case "{args}": return arguments + ["--workers", String(loaderWorkers)] + extraArguments
            default:
                return [String(token).replacingOccurrences(of: "{python}", with: python.path)
                    .replacingOccurrences(of: "{script}", with: script.path)
                    .replacingOccurrences(of: "{gpus}", with: String(gpus))]
            }
        }
    }

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> TorchTrainerSettings {
        let launch = try section.string("launch", default: defaultLaunch)
        guard launch.contains("{args}") else {
            throw ConfigurationError(key: "training.torch.launch", message: "must contain {args} (where the run's arguments go)")
        }
        let pixels = try section.string("pixels", default: "float16")
        guard ["float16", "float32"].contains(pixels) else {
            throw ConfigurationError(key: "training.torch.pixels", message: "'\(pixels)' is not float16 or float32")
        }
        return TorchTrainerSettings(
            python: try section.interpreter("python", default: "../Workers/trainer/.venv/bin/python"),
            script: try section.path("script", default: "../Workers/trainer/train.py"),
            launch: launch,
            gpus: try section.integer("gpus", default: 1, in: 1...1024),
            loaderWorkers: try section.integer("loader_workers", default: 4, in: 0...256),
            extraArguments: try section.string("extra_args", default: "").split(separator: " ").map(String.init),
            pixelType: pixels)
    }
}
