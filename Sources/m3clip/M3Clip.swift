import ArgumentParser

@main
struct M3Clip: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m3clip",
        abstract: "Multilingual, multimodal chest X-ray embedding index (3M-CLIP), kept fresh from an inbox.",
        subcommands: [IngestCommand.self, VersionsCommand.self, ShowCommand.self, QuarantineCommand.self, ConfigCommand.self])
}
