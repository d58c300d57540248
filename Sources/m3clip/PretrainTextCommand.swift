import ArgumentParser

/// `m3clip pretrain-text`: a text pre-training run (the default subcommand), or
/// `pretrain-text export`, the text snapshot the PyTorch trainer reads.
struct PretrainTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain-text",
        abstract: "Pre-train the text encoder on the store's reports and translations (default: run), or export its data.",
        subcommands: [PretrainTextRunCommand.self, PretrainTextExportCommand.self],
        defaultSubcommand: PretrainTextRunCommand.self)
}
