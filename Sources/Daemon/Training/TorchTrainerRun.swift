public import Foundation
import Models
public import Training

/// One run of the PyTorch trainer (`Workers/trainer/train.py`, launched by `[training.torch]
/// launch`, torchrun by default) for a ``TrainingJob``: the worker reads the run's training
/// snapshot and starting checkpoint and writes its resume state, `run.json` and the finished
/// checkpoint under `<run folder>/torch/`. Its JSON progress lines become ``TrainingProgress``;
/// its stderr goes to `torch/worker.log`.
///
/// Stopping: when `shouldStop` turns true this writes `torch/stop` (`--stop-file`), which every
/// rank agrees on at its next step boundary: the worker writes its resume state and exits 0, and
/// the run reads as stopped, resumable with the same command. A file, not a signal, because a
/// signal can land on a launcher that has not installed its handlers yet (and SIGTERM is
/// ignored in this process, a disposition children inherit); the launcher gets SIGTERM only if
/// the worker has not exited ``stopGrace`` later, and SIGKILL a minute after that. The worker
/// also stops by itself when this process dies (`M3CLIP_TRAINING_PARENT`).
public struct TorchTrainerRun {
    public let settings: TorchTrainerSettings
    /// `<run folder>/torch`.
    public let folder: URL
    let log: (String) -> Void

    public init(settings: TorchTrainerSettings, runFolder: URL, log: @escaping (String) -> Void) {
        self.settings = settings
        folder = runFolder.appendingPathComponent("torch")
        self.log = log
    }

    /// How long a stopping worker may take to reach its step boundary before the launcher is
    /// signalled.
    public var stopGrace: TimeInterval = 120

    /// The finished checkpoint the worker writes.
    public var checkpointFolder: URL { folder.appendingPathComponent("checkpoint") }

    /// Launches the worker and waits for it. Returns its final state (`run.json`); the model is
    /// at ``checkpointFolder`` unless the state says `stopped`.
    public func run(snapshot: URL, initial: URL, budget: (steps: Int?, minutes: Double?),
                    progress: @escaping (TrainingProgress) -> Void, shouldStop: @escaping () -> Bool) throws -> TrainingRunState {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        guard fm.isExecutableFile(atPath: settings.python.path) else {
            throw TrainingError("the PyTorch trainer's interpreter \(settings.python.path) is missing: run Scripts/setup.sh --with-trainer "
                                + "(or set [training.torch] python)")
        }
        guard fm.fileExists(atPath: settings.script.path) else {
            throw TrainingError("the PyTorch trainer \(settings.script.path) is missing (set [training.torch] script)")
        }
        let stopFile = folder.appendingPathComponent("stop")
        try? fm.removeItem(at: stopFile)
        var arguments = ["--snapshot", snapshot.path, "--init", initial.path, "--out", folder.path, "--stop-file", stopFile.path]
        if let steps = budget.steps { arguments += ["--steps", String(steps)] }
        if let minutes = budget.minutes { arguments += ["--minutes", String(minutes)] }
        let command = settings.command(arguments: arguments)
        log("torch: \(command.joined(separator: " "))")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : "/usr/bin/env")
        process.arguments = command[0].hasPrefix("/") ? Array(command.dropFirst()) : command
        var environment = ProcessInfo.processInfo.environment
        environment[TrainingService.parentEnvironmentKey] = String(getpid())
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        let logURL = folder.appendingPathComponent("worker.log")
        if !fm.fileExists(atPath: logURL.path) { _ = fm.createFile(atPath: logURL.path, contents: nil) }
        let errorLog = try FileHandle(forWritingTo: logURL)
        defer { try? errorLog.close() }
        try errorLog.seekToEnd() // a resumed run appends
        process.standardError = errorLog
        try process.run()

        // One thread reads the worker's lines (poll with a 100 ms timeout) and watches for a stop.
        let fd = output.fileHandleForReading.fileDescriptor
        var buffer: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        var lastError: String?, stopAsked: Date?, signalled: Int32 = 0, open = true
        while open {
            if stopAsked == nil && shouldStop() {
                stopAsked = Date()
                _ = fm.createFile(atPath: stopFile.path, contents: nil)
                log("torch: stopping the worker; it writes its resume state at its next step")
            }
            if let stopAsked, process.isRunning {
                let waited = Date().timeIntervalSince(stopAsked)
                let due: Int32 = waited > stopGrace + 60 ? SIGKILL : waited > stopGrace ? SIGTERM : 0
                if due != 0 && due != signalled {
                    signalled = due
                    log("torch: the worker did not stop within \(Int(waited)) s: \(due == SIGKILL ? "SIGKILL" : "SIGTERM")")
                    kill(process.processIdentifier, due)
                }
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                open = false
                continue
            }
            buffer.append(contentsOf: chunk[0..<count])
            while let newline = buffer.firstIndex(of: 0x0A) {
                if let message = handle(Data(buffer[..<newline]), progress: progress) { lastError = message }
                buffer.removeSubrange(...newline)
            }
        }
        process.waitUntilExit()

        let runURL = folder.appendingPathComponent("run.json")
        let state = try? TrainingRunState.load(from: runURL)
        if let state, state.finished == "stopped" { return state }
        guard process.terminationReason == .exit, process.terminationStatus == 0, let state,
              fm.fileExists(atPath: checkpointFolder.appendingPathComponent("model.safetensors").path) else {
            let why = process.terminationReason == .uncaughtSignal ? "killed by signal \(process.terminationStatus)"
                : "exit \(process.terminationStatus)"
            let tail = Self.tail(of: logURL)
            throw TrainingError("the PyTorch trainer failed (\(why))" + (lastError.map { ": \($0)" } ?? "")
                                + (tail.isEmpty ? "" : "; \(logURL.path) ends: \(tail)"))
        }
        return state
    }

    /// One stdout line: progress goes to `progress`, logs to the log; returns an error message.
    private func handle(_ line: Data, progress: (TrainingProgress) -> Void) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any], let event = object["event"] as? String else {
            if let text = String(data: line, encoding: .utf8), !text.isEmpty { log("torch: \(text)") }
            return nil
        }
        switch event {
        case "progress":
            if let record = try? JSONDecoder().decode(TrainingProgress.self, from: line) { progress(record) }
        case "start":
            let fields = ["world_size", "device", "precision", "global_batch", "resumed_at", "torch"]
                .compactMap { key in object[key].map { "\(key) \($0)" } }
            log("torch: started, " + fields.joined(separator: ", "))
        case "error":
            let message = object["message"] as? String ?? "unknown error"
            log("torch: error: \(message)")
            return message
        default:
            if let message = object["message"] as? String { log("torch: \(message)") }
        }
        return nil
    }

    /// The last lines of the worker's stderr (for the error message).
    static func tail(of url: URL, lines: Int = 5) -> String {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }
}
