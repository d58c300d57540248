import ArgumentParser
import Daemon
import Foundation
import Store

/// Options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $M3CLIP_CONFIG, else Config/m3clip.toml, else built-in defaults).")
    var config: String?

    /// The configuration, or exit 4 with the error naming the key.
    func loadConfiguration() throws -> Configuration {
        do {
            return try Configuration.resolve(explicitPath: config)
        } catch {
            printError("m3clip: configuration error: \(error)")
            throw ExitCode(ExitCodes.misconfigured)
        }
    }

    /// Opens the configured store, or exits 1 with the reason.
    func openStore(_ configuration: Configuration) throws -> CorpusStore {
        do {
            return try CorpusStore.open(at: configuration.store.path)
        } catch {
            printError("m3clip: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Exit codes shared by every command (README "Exit codes").
enum ExitCodes {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let daemonNotRunning: Int32 = 3
    static let misconfigured: Int32 = 4
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Prints one JSON value (object or array) on stdout.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Runs a command's body; any error but an exit code is printed as `m3clip <command>: <error>`
/// and becomes exit 1.
func failing<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("m3clip \(command): \(error)")
        throw ExitCode.failure
    }
}
