import ArgumentParser
import Daemon
import Foundation
import Models
import Store
import Tensors
import Training

/// `m3clip pretrain-text`: continues the text encoder's pre-training on the store's medical text
/// (MLM on sentences in every language, TLM on sentences with their kept translations) and
/// writes it as an HF `XLMRobertaForMaskedLM` folder that `m3clip train --text-from` starts from.
struct PretrainTextRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Pre-train the text encoder on the store's reports and translations (MLM, TLM); write an HF MLM folder.",
        discussion: """
            Reads every live report sentence and every kept translation (paired with its English source) \
            outside the evaluation split; batches alternate MLM and TLM, languages drawn with XLM's exponent. \
            --from: scratch (the preset's random start), a folder this command wrote, or an HF XLM-R MLM or \
            encoder folder (with its tokenizer.json). Output: --out, with config.json, model.safetensors \
            (roberta.*, lm_head.*) and the tokenizer; then `m3clip train --text-from DIR`. \
            With [training] backend = "torch" the steps run in the PyTorch trainer (Workers/trainer, \
            [training.torch]) on an exported text snapshot; the output folder is the same.
            """)

    @OptionGroup var options: CommonOptions

    @OptionGroup var pretraining: TextPretrainingOptions

    @Option(help: "Where to write the pre-trained encoder folder.")
    var out: String

    @Flag(help: "One JSON line per log interval, and the result as the last line.")
    var json = false

    func run() throws {
        // Started by the daemon: stop when it dies, as a training run does.
        if let parent = ProcessInfo.processInfo.environment[TrainingService.parentEnvironmentKey].flatMap(Int32.init) {
            try SupervisedRun.attach(toParent: parent)
        }
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        let (start, corpus, settings) = try pretraining.plan(configuration: configuration, store: store)
        let stop = StopSignal()
        let folder = URL(fileURLWithPath: out)
        let result: TextPretrainer.Result
        if configuration.training.backend == .torch {
            result = try runInTorch(start: start, corpus: corpus, settings: settings, settingsFrom: configuration, out: folder, stop: stop)
        } else {
            let trainer = try TextPretrainer(model: start.model, tokenizer: start.tokenizer, corpus: corpus, settings: settings)
            result = try trainer.run(progress: report, shouldStop: { stop.isRaised })
            try start.save(to: folder)
        }
        if json { emitJSONLine(result) } else {
            print("pre-trained text encoder written to \(folder.path): \(result.steps) steps (\(result.finished)), "
                + "last loss \(String(format: "%.4f", result.lossCurve.last?[1] ?? 0))")
        }
    }

    /// One progress record, as a JSON line or a line on stderr.
    func report(step: Int, loss: Double, seconds: Double) {
        if json {
            emitJSONLine(["event": "progress", "step": "\(step)", "loss": String(format: "%.4f", loss), "seconds": String(format: "%.1f", seconds)])
        } else {
            printError(String(format: "step %d  loss %.4f  %.0f s", step, loss, seconds))
        }
    }

    /// The PyTorch trainer on a text snapshot, in `<out>.torch-run/` (snapshot, starting folder,
    /// the worker's state; removed once the folder is written). A stopped run keeps it.
    func runInTorch(start: TextEncoderCheckpoint, corpus: TextPretrainingCorpus, settings: TextPretrainingSettings,
                    settingsFrom configuration: Configuration, out: URL, stop: StopSignal) throws -> TextPretrainer.Result {
        let runFolder = out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + ".torch-run")
        try? FileManager.default.removeItem(at: runFolder)
        try TextPretrainingSnapshot(corpus: corpus, settings: settings).write(to: runFolder.appendingPathComponent("snapshot"))
        try start.save(to: runFolder.appendingPathComponent("init"))
        let torch = TorchTrainerRun(settings: configuration.training.torch, runFolder: runFolder) { message in
            if json { emitJSONLine(["event": "log", "message": message]) } else { printError(message) }
        }
        let state = try torch.run(snapshot: runFolder.appendingPathComponent("snapshot"), initial: runFolder.appendingPathComponent("init"),
                                  budget: (settings.steps, settings.minutes),
                                  progress: { report(step: $0.step, loss: $0.loss, seconds: $0.elapsedSeconds) },
                                  shouldStop: { stop.isRaised })
        let result = TextPretrainer.Result(steps: state.step, seconds: state.elapsedSeconds, lossCurve: state.lossCurve,
                                           sequences: state.textsSeen, finished: state.finished ?? "completed")
        guard state.finished != "stopped" else {
            printError("m3clip pretrain-text: stopped at step \(state.step); nothing written (the worker's state is in \(runFolder.path))")
            throw ExitCode(3)
        }
        try? FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: torch.checkpointFolder, to: out)
        try? FileManager.default.removeItem(at: runFolder)
        return result
    }
}
