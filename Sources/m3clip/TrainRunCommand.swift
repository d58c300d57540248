import ArgumentParser
import Daemon
import Foundation
import Store
import Training

/// `m3clip train [run]`: one continued-pre-training run on the store (the daemon runs exactly this
/// as a child process).
struct TrainRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train on the corpus as of the newest version, evaluate, gate, and print the model id.",
        discussion: """
            The run continues from --from (current: the model in service, or a fresh model when \
            there is none; scratch; or a checkpoint folder), trains for --minutes or --steps on the \
            training split (the evaluation split, a hash of the study key, is held out), then \
            evaluates the candidate and the current model on the same data (zero-shot 5-class \
            accuracy on the phantom eval set, retrieval Recall@K per language on the held-out \
            split). The eval gate makes it current only when no gated metric is worse than the \
            current model's by more than [training] gate_tolerance.
            Output: a progress bar on a terminal; with --json one JSON object per log interval \
            ({"event":"progress","step",…}) and a last {"event":"result",…} line.
            SIGINT/SIGTERM stop at a step boundary and keep a resumable state: --resume MODEL_ID.
            [training] backend = "torch" runs the optimisation in the PyTorch trainer \
            (Workers/trainer, [training.torch]) on an exported snapshot; the rest is the same.
            """)

    @OptionGroup var options: CommonOptions

    @Option(help: "Model size: tiny (CPU default) or base (default: [training] preset).")
    var preset: String?

    @Option(help: "Start from current, scratch, or a checkpoint folder.")
    var from: String = "current"

    @Option(help: "Optimisation budget in minutes (default: [training] max_minutes).")
    var minutes: Double?

    @Option(help: "Optimiser steps (instead of --minutes).")
    var steps: Int?

    @Option(help: "Images and texts per batch (default: [training] batch_size).")
    var batch: Int?

    @Option(help: "Seed for the model's initialisation, sampling and augmentation.")
    var seed: UInt64 = 0

    @Option(help: "Loss: semantic (MedCLIP's semantic matching) or infonce (CLIP).")
    var objective: String?

    @Option(help: "Resume the interrupted run with this model id.")
    var resume: String?

    @Option(name: .customLong("text-from"), help: "Start the text encoder from a folder m3clip pretrain-text wrote (or an HF XLM-R MLM folder).")
    var textFrom: String?

    @Flag(help: "One JSON line per log interval, and the result as the last line.")
    var json = false

    func validate() throws {
        if minutes != nil && steps != nil { throw ValidationError("give --minutes or --steps, not both") }
        if let objective, TrainingObjective(rawValue: objective) == nil { throw ValidationError("--objective takes semantic or infonce") }
        if resume != nil && (preset != nil || from != "current" || minutes != nil || steps != nil || textFrom != nil) {
            throw ValidationError("--resume continues a run with its own settings: give no other run option")
        }
    }

    func run() throws {
        // A run the daemon supervises stops (cleanly, at a step boundary) when the daemon dies,
        // even by SIGKILL: no orphan keeps training.
        let parent = ProcessInfo.processInfo.environment[TrainingService.parentEnvironmentKey].flatMap(Int32.init)
        if let parent { try SupervisedRun.attach(toParent: parent) }
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        let lock = try TrainingRunLock(layout: store.layout)
        defer { withExtendedLifetime(lock) {} }
        var jobOptions = TrainingJobOptions()
        jobOptions.preset = preset
        jobOptions.from = from
        jobOptions.minutes = minutes
        jobOptions.steps = steps
        jobOptions.batchSize = batch
        jobOptions.seed = seed
        jobOptions.objective = objective.flatMap(TrainingObjective.init(rawValue:))
        jobOptions.resume = resume
        jobOptions.textFrom = textFrom
        let stop = StopSignal()
        let bar = ProgressBar(enabled: !json && isatty(2) != 0)
        let job = TrainingJob(configuration: configuration, store: store, options: jobOptions) { message in
            if json { emitJSONLine(["event": "log", "message": message]) } else { printError(message) }
        }
        let result: TrainingJobResult
        do {
            result = try job.run(progress: { progress in
                if json { emitJSONLine(progress) } else { bar.show(progress) }
            }, shouldStop: { stop.isRaised || (parent != nil && getppid() != parent) })
        } catch {
            bar.finish()
            if json { emitJSONLine(["event": "error", "message": "\(error)"]) }
            printError("m3clip train: \(error)")
            throw ExitCode.failure
        }
        bar.finish()
        if json {
            emitJSONLine(result)
            return
        }
        print("model \(result.modelID): \(result.verdict) after \(result.steps) steps (\(result.finished)), corpus version \(result.corpusVersion)")
        for (name, value) in result.metrics.sorted(by: { $0.key < $1.key }) {
            let current = result.currentMetrics?[name].map { String(format: "  (current %.4f)", $0) } ?? ""
            print(String(format: "  %-34@ %.4f", name as NSString, value) + current)
        }
        for reason in result.reasons { print("  gate: \(reason)") }
    }
}

/// One compact JSON object on one line of stdout, flushed (the daemon reads these).
func emitJSONLine(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard var data = try? encoder.encode(value) else { return }
    data.append(0x0A)
    FileHandle.standardOutput.write(data)
}

/// A one-line progress bar on stderr: step, loss, items/s, ETA.
final class ProgressBar {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: TrainingProgress) {
        let total = max(p.totalSteps, p.step)
        let width = 24
        let filled = total > 0 ? min(width, width * p.step / total) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ step %d/%d  loss %.4f  %.0f items/s  ETA %@  phase %d ",
                          bar, p.step, total, p.loss, p.itemsPerSecond, Self.clock(p.etaSeconds), p.phase)
        if enabled { FileHandle.standardError.write(Data(line.utf8)) } else {
            FileHandle.standardError.write(Data((line.dropFirst() + "\n").utf8))
        }
    }

    func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
