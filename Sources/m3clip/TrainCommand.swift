import ArgumentParser

/// `m3clip train`: a training run (the default subcommand, so `m3clip train --steps 10` runs one),
/// or `m3clip train export`, the snapshot the PyTorch trainer reads.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train on the corpus (default: run), or export a training snapshot for the PyTorch trainer.",
        subcommands: [TrainRunCommand.self, TrainExportCommand.self],
        defaultSubcommand: TrainRunCommand.self)
}
