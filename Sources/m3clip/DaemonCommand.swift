import ArgumentParser
import Daemon
import Foundation
import Logging

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the daemon: watch the inbox, ingest, answer `m3clip ctl` on the control socket.",
        discussion: """
            One daemon per store (a second refuses to start). SIGTERM/SIGINT or `ctl stop` finish the batch in \
            flight and exit 0; SIGHUP or `ctl reload` re-read the configuration, keeping the old one when the \
            new one is invalid. Logs go to standard error, one line per event.
            """)

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        let configuration = try options.loadConfiguration()
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level '\(logLevel)'") }
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "m3clip")
        do {
            try await DaemonRunner.run(configuration: configuration, logger: logger, executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        } catch {
            logger.critical("daemon cannot run", metadata: ["error": "\(error)"])
            printError("m3clip daemon: \(error)")
            throw ExitCode.failure
        }
    }
}
