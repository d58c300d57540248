import ArgumentParser

@main
struct M3Clip: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m3clip",
        abstract: "Multilingual, multimodal chest X-ray embedding index (3M-CLIP), kept fresh from an inbox.",
        subcommands: [DaemonCommand.self, ControlCommand.self, IngestCommand.self, VersionsCommand.self, ShowCommand.self,
                      QuarantineCommand.self, ConfigCommand.self, VerifyCommand.self, LabelCommand.self, RelabelCommand.self, PhantomCommand.self,
                      TranslateCommand.self, EmbedCommand.self, TrainCommand.self, PretrainTextCommand.self, EvalCommand.self, ModelsCommand.self,
                      PublishCommand.self, IndexCommand.self, SearchCommand.self, GCCommand.self])
}
