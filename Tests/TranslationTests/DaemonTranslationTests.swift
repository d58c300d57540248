import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The daemon end to end: a report arrives while the engine has no model (its sentences wait as
/// pending and `ctl status` says translation is unavailable); the model appears and the daemon
/// backfills the queue; `ctl stop` shuts everything down cleanly.
@Suite(.serialized, .enabled(if: WorkerEnvironment.isReady, Comment(rawValue: WorkerEnvironment.skipMessage)))
struct DaemonTranslationTests {
    @Test func pendingWhileUnavailableThenBackfilledWhenTheModelAppears() throws {
        let modelPath = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-daemon-model-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: modelPath) }
        let cli = try TranslateCLI(translation: """
            [translation]
            engine = "ctranslate2"
            targets = ["deu_Latn", "zho_Hans"]
            retry_seconds = 0.5
            [translation.ctranslate2]
            model = "\(modelPath.path)"
            python = "\(WorkerEnvironment.python.path)"
            worker = "\(WorkerEnvironment.script.path)"
            beam_size = 1
            max_decoding_length = 32
            [api]
            bind = "127.0.0.1:0"
            """)
        defer { cli.remove() }
        let inbox = cli.root.appendingPathComponent("Inbox")
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent(".incoming"), withIntermediateDirectories: true)

        let daemon = Process()
        daemon.executableURL = TranslateCLI.binary
        daemon.arguments = ["daemon", "--config", cli.config.path]
        daemon.currentDirectoryURL = cli.root
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL); daemon.waitUntilExit() }
        }

        // A report arrives (written elsewhere, renamed in).
        let staged = inbox.appendingPathComponent(".incoming/study-1.txt")
        try "FINDINGS: No pneumothorax.\nIMPRESSION: No pneumothorax.\n".write(to: staged, atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(at: staged, to: inbox.appendingPathComponent("study-1.txt"))

        // Its sentence waits: the engine has no model.
        try poll("translation unavailable with 2 pending") {
            let status = try cli.run(["ctl", "status"]).stdout
            return status.contains("translation  unavailable") && status.contains("2 pending")
        }

        // The model appears: the queue is backfilled.
        _ = try WorkerEnvironment.run(WorkerEnvironment.python, [WorkerEnvironment.folder.appendingPathComponent("make_tiny_model.py").path,
                                                                 modelPath.path, "--canned"])
        try poll("the backfill") {
            let stats = try JSONSerialization.jsonObject(with: Data(try cli.run(["translate", "stats"]).stdout.utf8)) as? [String: Any]
            return (stats?["pending"] as? [String: Any])?.isEmpty == true && stats?["entries"] as? Int == 2
        }
        let stats = try JSONSerialization.jsonObject(with: Data(try cli.run(["translate", "stats"]).stdout.utf8)) as! [String: Any]
        let languages = stats["languages"] as! [String: [String: Any]]
        #expect(languages["deu_Latn"]?["kept"] as? Int == 1)
        #expect(languages["zho_Hans"]?["kept"] as? Int == 1)
        // Two sentences × two targets asked for, one of each pair answered by the memory.
        #expect(stats["lookups"] as? Int == 4 && stats["hits"] as? Int == 2)
        #expect(try cli.run(["ctl", "status"]).stdout.contains("nothing pending"))

        #expect(try cli.run(["ctl", "stop"]).status == 0)
        try poll("the daemon to exit") { !daemon.isRunning }
        #expect(daemon.terminationStatus == 0)
    }

    private func poll(_ what: String, timeout: Double = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        Issue.record("timed out after \(timeout) s waiting for \(what)")
        throw CancellationError()
    }
}
