import ArgumentParser
import Daemon
import Foundation
import Index
import Training

/// `m3clip train export`: writes the training snapshot a run would train on, for the PyTorch
/// trainer (`Workers/trainer/train.py --snapshot DIR`).
struct TrainExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a training snapshot (items.jsonl, images.npy, snapshot.json) for the PyTorch trainer.",
        discussion: """
            The snapshot holds the corpus as of the newest version exactly as a run sees it: every \
            image decoded, padded and resized to the starting model's input size (images.npy, \
            grey 0…1), every labeled sentence and kept translation, each item's label vector with \
            [labels.uncertainty] and [training] negative_label_weight applied (null while its study \
            awaits labels), the evaluation-split flag, the model's tokenizer, and the run's \
            [training] settings. The format is described in Workers/trainer/README.md.
            """)

    @OptionGroup var options: CommonOptions

    @Option(help: "The folder to write (must not exist or be empty).")
    var out: String

    @Option(help: "The starting model, whose image size and tokenizer the snapshot uses: current, scratch, or a checkpoint folder.")
    var from: String = "current"

    @Option(help: "Model size when starting from scratch (default: [training] preset).")
    var preset: String?

    @Option(help: "Optimisation budget recorded in the snapshot's trainer settings (default: [training] max_minutes).")
    var minutes: Double?

    @Option(help: "Optimiser steps recorded instead of --minutes.")
    var steps: Int?

    @Option(help: "Images and texts per batch (default: [training] batch_size).")
    var batch: Int?

    @Option(help: "Element type of images.npy: float16 or float32.")
    var pixels: String = "float16"

    @Option(help: "Also write the starting model here (the worker's --init).")
    var checkpoint: String?

    func validate() throws {
        if minutes != nil && steps != nil { throw ValidationError("give --minutes or --steps, not both") }
        if EmbeddingDType(rawValue: pixels) == nil { throw ValidationError("--pixels takes float16 or float32") }
    }

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        var jobOptions = TrainingJobOptions()
        jobOptions.preset = preset
        jobOptions.from = from
        jobOptions.minutes = minutes
        jobOptions.steps = steps
        jobOptions.batchSize = batch
        let job = TrainingJob(configuration: configuration, store: store, options: jobOptions) { printError($0) }
        let folder = URL(fileURLWithPath: out)
        do {
            let summary = try job.exportSnapshot(to: folder, pixelType: EmbeddingDType(rawValue: pixels)!,
                                                 checkpoint: checkpoint.map { URL(fileURLWithPath: $0) })
            print("\(folder.path): \(summary.images) images, \(summary.texts) texts (\(summary.evaluationImages) and "
                  + "\(summary.evaluationTexts) in the evaluation split), \(summary.bytes) bytes")
        } catch {
            printError("m3clip train export: \(error)")
            throw ExitCode.failure
        }
    }
}
