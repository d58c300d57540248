import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A daemon started from the built binary on a `CLIRunner`'s temporary inbox and store.
final class DaemonProcess {
    let cli: CLIRunner
    let process = Process()
    let log: URL
    /// A copy of the configuration the daemon started with, for `ctl` while a test breaks the real one.
    let ctlConfig: URL

    /// `environment`: variables added to the daemon's (the store fault plan, for instance).
    init(_ cli: CLIRunner, environment: [String: String] = [:]) throws {
        self.cli = cli
        ctlConfig = cli.configPath.deletingLastPathComponent().appendingPathComponent("ctl-\(UUID().uuidString.prefix(8)).toml")
        try? FileManager.default.removeItem(at: ctlConfig)
        try FileManager.default.copyItem(at: cli.configPath, to: ctlConfig)
        log = cli.root.appendingPathComponent("daemon-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = CLIRunner.binary
        process.arguments = ["daemon", "--config", cli.configPath.path]
        process.currentDirectoryURL = cli.root
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try waitFor("the control socket", timeout: 20) { (try? cli.run(["ctl", "status"]).status) == 0 }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; returns its status.
    func waitForExit(timeout: Double = 20) throws -> Int32 {
        try waitFor("the daemon to exit", timeout: timeout) { !process.isRunning }
        return process.terminationStatus
    }

    func ctl(_ words: String...) throws -> CLIRunner.Result {
        try cli.run(["ctl"] + words + ["--config", ctlConfig.path], withConfig: false)
    }

    func status() throws -> [String: Any] {
        let result = try cli.run(["ctl", "status", "--json", "--config", ctlConfig.path], withConfig: false)
        return (try? cli.json(result.stdout) as? [String: Any]) ?? [:]
    }
}

struct Timeout: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
func waitFor(_ what: String, timeout: Double, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    throw Timeout(description: "timed out after \(timeout) s waiting for \(what)")
}

extension CLIRunner {
    /// Writes a study elsewhere and renames it into the inbox (the atomic way).
    @discardableResult
    func renameIn(_ name: String, files: [String: Data]) throws -> URL {
        let stage = inbox.appendingPathComponent(".incoming/\(name)")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        for (file, data) in files { try data.write(to: stage.appendingPathComponent(file)) }
        let target = inbox.appendingPathComponent(name)
        try FileManager.default.moveItem(at: stage, to: target)
        return target
    }

    /// Entries left in the inbox (dot-names and the inbox's README excluded).
    func inboxEntries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []).filter { !$0.hasPrefix(".") && $0 != "README.md" }
    }

    /// Total reports added over all versions, and the store's own check.
    func storedReports() throws -> Int {
        let versions = (try json(run(["versions", "--json"]).stdout) as? [[String: Any]]) ?? []
        return versions.reduce(0) { $0 + (($1["reportsAdded"] as? Int) ?? 0) }
    }

    func quarantineCount() throws -> Int {
        ((try json(run(["quarantine", "list", "--json"]).stdout) as? [Any]) ?? []).count
    }
}
