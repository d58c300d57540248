import ArgumentParser
import Daemon
import Foundation
import Translation

struct ControlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Talk to the running daemon over its control socket.",
        discussion: """
            Verbs: status, pause, resume, drain, stop, reload, versions, train, publish, rollback [ID|TAG], \
            quarantine list, quarantine retry ID…|--all, quarantine purge ID…|--all.
            Exit codes: 0 ok; 1 the daemon answered with an error; 3 no daemon is running; 4 misconfigured.
            """)

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Print the daemon's answer as one JSON value.")
    var json = false

    @Argument(help: "The verb and its arguments (e.g. status; quarantine retry --all).")
    var words: [String]

    @Flag(name: .customLong("all"), help: "With quarantine retry/purge: every entry.")
    var all = false

    func run() throws {
        let configuration = try options.loadConfiguration()
        guard let verb = words.first else { throw ValidationError("name a verb: status, pause, resume, drain, stop, reload, versions, train, publish, rollback, quarantine") }
        var request = ControlRequest(verb: verb, arguments: Array(words.dropFirst()))
        if verb == "quarantine" {
            guard let action = words.dropFirst().first, ["list", "retry", "purge"].contains(action) else {
                throw ValidationError("quarantine takes list, retry ID…|--all or purge ID…|--all")
            }
            request = ControlRequest(verb: "quarantine-\(action)", arguments: Array(words.dropFirst(2)) + (all ? ["--all"] : []))
        }
        let reply: ControlReply
        do {
            reply = try ControlClient.send(request, to: configuration.control.socketPath)
        } catch {
            printError("m3clip ctl: \(error)")
            if case .notRunning = error { throw ExitCode(ExitCodes.daemonNotRunning) }
            throw ExitCode.failure
        }
        guard reply.ok else {
            printError("m3clip ctl \(verb): \(reply.error ?? "failed")")
            throw ExitCode.failure
        }
        if json {
            try printJSON(reply.result ?? .null)
        } else if let text = reply.text {
            print(text)
        }
    }
}
