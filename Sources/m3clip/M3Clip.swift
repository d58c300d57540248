import ArgumentParser

@main
struct M3Clip: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m3clip",
        abstract: "Multilingual multimodal chest X-ray embedding daemon (3M-CLIP).",
        subcommands: [])
}
