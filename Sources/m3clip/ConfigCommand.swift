import ArgumentParser
import Daemon
import Foundation

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a configuration file.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the configuration and print the resolved values (exit 4 when invalid).")

        @OptionGroup var options: CommonOptions

        func run() throws {
            let configuration = try options.loadConfiguration()
            print("configuration \(configuration.sourceFile?.path ?? "(built-in defaults)") is valid")
            print("  inbox.path = \(configuration.inbox.path.path)")
            print("  inbox.settle_seconds = \(configuration.inbox.settleSeconds)")
            print("  inbox.rescan_seconds = \(configuration.inbox.rescanSeconds)")
            print("  store.path = \(configuration.store.path.path)")
            print("  ingest.default_language = \(configuration.ingest.defaultLanguage)")
            print("  ingest.max_image_pixels = \(configuration.ingest.maxImagePixels)")
            print("  ingest.max_image_side = \(configuration.ingest.maxImageSide)")
            print("  ingest.max_file_bytes = \(configuration.ingest.maxFileBytes)")
            print("  ingest.batch_max_files = \(configuration.ingest.batchMaxFiles)")
            print("  ingest.batch_max_seconds = \(configuration.ingest.batchMaxSeconds)")
            print("  control.socket = \(configuration.control.socketPath.path)")
            print("  control.socket_mode = \(String(configuration.control.socketMode, radix: 8))")
        }
    }
}
