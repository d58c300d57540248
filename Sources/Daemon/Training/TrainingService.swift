import Foundation
import Logging
public import ServiceLifecycle
import Store
import Training

/// The daemon's training schedule: when `[training] min_new_items` labeled items arrived after
/// the current model's corpus version and `min_interval_minutes` passed since the last run (or on
/// `ctl train`), it starts one run as a child process (`m3clip train --json --minutes max_minutes`;
/// with `text_pretraining` and no current model, `m3clip pretrain-text` first),
/// reads its JSON progress lines into `ctl status`, and logs its verdict. One run at a time;
/// `ctl pause` stops new runs; a run that crashes, is killed, or produces NaN leaves
/// `models/current` untouched (only a passing run switches it). On shutdown the child gets
/// SIGTERM first and stops at a step boundary with a resumable state.
public final class TrainingService: Service, @unchecked Sendable {
    let state: DaemonState
    let store: CorpusStore
    let logger: Logger
    let wake = WakeSignal()
    /// The executable the child runs (this binary).
    let executable: URL
    private let lock = NSLock()
    private var requested = false
    private var stopping = false
    private var child: Process?
    private var lastStart: Date?
    /// After a failed run the schedule waits (1 min, doubling per consecutive failure, at most an
    /// hour) before starting another on its own, so a run that always crashes is not a crash loop;
    /// `ctl train` does not wait.
    private var failures = 0
    private var retryAfter: Date?

    init(state: DaemonState, store: CorpusStore, logger: Logger, executable: URL) {
        self.state = state
        self.store = store
        self.logger = logger
        self.executable = executable
    }

    /// The environment variable that tells a child run its daemon's pid (it stops when that dies).
    public static let parentEnvironmentKey = "M3CLIP_TRAINING_PARENT"

    /// `ctl train`: start a run now (if none is running and the daemon is not paused).
    func requestRun() -> String {
        if lock.withLock({ child != nil }) { return "a training run is already in progress" }
        lock.withLock { requested = true }
        wake.signal()
        return "training run requested"
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            state.setTraining(state.currentConfiguration.training.enabled ? "idle" : "disabled ([training] enabled = false)")
            while !lock.withLock({ stopping }), !Task.isCancelled {
                if let reason = dueReason() {
                    await runChild(reason: reason)
                } else {
                    await wake.wait(upTo: 10)
                }
            }
        } onGracefulShutdown: {
            self.lock.withLock {
                self.stopping = true
                if let child = self.child, child.isRunning { kill(child.processIdentifier, SIGTERM) }
            }
            self.wake.signal()
        }
    }

    /// Why a run should start now, or nil.
    func dueReason() -> String? {
        let configuration = state.currentConfiguration
        let mode = state.currentMode
        guard mode == .running else { return nil }
        if lock.withLock({ defer { requested = false }; return requested }) { return "requested (ctl train)" }
        let settings = configuration.training
        guard settings.enabled else { return nil }
        if let lastStart, Date().timeIntervalSince(lastStart) < settings.minIntervalMinutes * 60 { return nil }
        if let retryAfter, Date() < retryAfter { return nil }
        let folders = ModelFolders(layout: store.layout)
        let since = folders.currentID().flatMap { try? store.model(id: $0)?.corpusVersion } ?? 0
        guard let fresh = try? store.labeledItemCount(addedAfter: since), fresh >= settings.minNewItems else { return nil }
        return "\(fresh) new labeled items since corpus version \(since)"
    }

    /// One run: with `[training] text_pretraining` and no current model yet, first the text
    /// encoder's pre-training (`m3clip pretrain-text` into `Store/run/text-pretrained`), then the
    /// contrastive run starting its text tower from it; otherwise the contrastive run alone.
    private func runChild(reason: String) async {
        let configuration = state.currentConfiguration
        var train = ["train", "--json", "--minutes", String(configuration.training.maxMinutes)]
        if configuration.training.textPretraining, ModelFolders(layout: store.layout).currentID() == nil {
            let folder = store.layout.run.appendingPathComponent("text-pretrained")
            let pretrain = ["pretrain-text", "--json", "--minutes", String(configuration.training.textPretrainingMinutes),
                            "--preset", configuration.training.preset, "--out", folder.path]
            guard await runChild(pretrain, reason: reason, stage: "text pre-training") else { return }
            train += ["--from", "scratch", "--text-from", folder.path]
        }
        _ = await runChild(train, reason: reason, stage: "training")
    }

    /// Runs one child (`arguments` plus the configuration file); true when it exited 0.
    private func runChild(_ childArguments: [String], reason: String, stage: String) async -> Bool {
        let configuration = state.currentConfiguration
        var arguments = childArguments
        if let file = configuration.sourceFile { arguments += ["--config", file.path] }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[Self.parentEnvironmentKey] = String(getpid())
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        lastStart = Date()
        do {
            try process.run()
        } catch {
            state.setTraining("last run could not start: \(error)")
            logger.error("\(stage) run could not start", metadata: ["error": "\(error)"])
            return false
        }
        lock.withLock { child = process }
        logger.info("\(stage) run started", metadata: ["pid": "\(process.processIdentifier)", "reason": "\(reason)"])
        state.setTraining("running (pid \(process.processIdentifier)): \(stage) starting")
        let lastLine = await readLines(output.fileHandleForReading) { line in self.handle(line) }
        process.waitUntilExit()
        lock.withLock { child = nil }
        let status = process.terminationStatus
        if process.terminationReason == .exit && status == 0 {
            failures = 0
            retryAfter = nil
            return true
        } else {
            let why = process.terminationReason == .uncaughtSignal ? "killed by signal \(status)" : "exit \(status)"
            failures += 1
            let wait = min(3600, 60 * pow(2, Double(failures - 1)))
            retryAfter = Date().addingTimeInterval(wait)
            state.setTraining("last run failed (\(why)); current model unchanged; next automatic run in \(Int(wait)) s at the earliest")
            state.recordError("training: run \(why)")
            logger.error("\(stage) run failed; current model unchanged", metadata: ["why": "\(why)", "last": "\(lastLine ?? "")"])
            return false
        }
    }

    /// One JSON line from the child.
    private func handle(_ line: String) {
        guard let data = line.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let event = object["event"] as? String else { return }
        switch event {
        case "progress" where object["total_steps"] == nil:
            // `pretrain-text`'s progress: step, loss and seconds.
            let pid = lock.withLock { child?.processIdentifier ?? 0 }
            state.setTraining("running (pid \(pid)): text pre-training step \(object["step"] ?? "?"), MLM loss \(object["loss"] ?? "?")")
        case "progress":
            if let progress = try? JSONDecoder().decode(TrainingProgress.self, from: data) {
                let pid = lock.withLock { child?.processIdentifier ?? 0 }
                var line = String(format: "running (pid %d): step %d/%d, loss %.4f, %.0f items/s, ETA %ds, phase %d", pid, progress.step,
                                  progress.totalSteps, progress.loss, progress.itemsPerSecond, Int(progress.etaSeconds), progress.phase)
                if let world = progress.worldSize { line += ", \(world) process\(world == 1 ? "" : "es")" }
                if let memory = progress.gpuMemoryGB { line += String(format: ", GPU memory %.1f GiB", memory) }
                if let mfu = progress.modelFLOPUtilization { line += String(format: ", MFU %.0f%%", 100 * mfu) }
                state.setTraining(line)
            }
        case "result":
            if let result = try? JSONDecoder().decode(TrainingJobResult.self, from: data) {
                let accuracy = result.metrics["zero_shot.accuracy"].map { String(format: ", zero-shot %.4f", $0) } ?? ""
                state.setTraining("last run \(result.modelID): \(result.verdict) after \(result.steps) steps\(accuracy)")
                logger.info("training run finished", metadata: ["model": "\(result.modelID)", "verdict": "\(result.verdict)",
                                                                "steps": "\(result.steps)", "reasons": "\(result.reasons.joined(separator: "; "))"])
            }
        case "log":
            if let message = object["message"] as? String { logger.info("train: \(message)") }
        case "error":
            if let message = object["message"] as? String { logger.error("train: \(message)") }
        default: break
        }
    }

    /// Reads newline-separated lines on a dispatch thread (never blocking the cooperative pool)
    /// until end of file; returns the last line.
    private func readLines(_ handle: FileHandle, _ body: @escaping @Sendable (String) -> Void) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                var last: String?
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: 0x0A) {
                        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                        buffer.removeSubrange(buffer.startIndex...newline)
                        last = line
                        body(line)
                    }
                }
                continuation.resume(returning: last)
            }
        }
    }
}
