import ArgumentParser
import Daemon
import Foundation
import Models
import Training

/// `m3clip pretrain-text export`: the text snapshot and starting encoder folder the PyTorch trainer
/// pre-trains from (`Workers/trainer/train.py --snapshot DIR/snapshot --init DIR/init`).
struct PretrainTextExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a text pre-training snapshot (sentences.jsonl, pairs.jsonl, snapshot.json) and the starting encoder.",
        discussion: """
            DIR/snapshot holds every live sentence and every kept translation with its English source, \
            outside the evaluation split, and the run's settings; DIR/init the starting encoder as an \
            HF XLMRobertaForMaskedLM folder (--from, --preset, --prune-vocabulary as for a run).
            """)

    @OptionGroup var options: CommonOptions
    @OptionGroup var pretraining: TextPretrainingOptions

    @Option(help: "The folder to write (snapshot/ and init/ inside).")
    var out: String

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        let (start, corpus, settings) = try pretraining.plan(configuration: configuration, store: store)
        let folder = URL(fileURLWithPath: out)
        try TextPretrainingSnapshot(corpus: corpus, settings: settings).write(to: folder.appendingPathComponent("snapshot"))
        try start.save(to: folder.appendingPathComponent("init"))
        print("\(folder.path): \(corpus.sentences.count) sentences, \(corpus.pairs.count) translation pairs; "
              + "objectives \(settings.objectives.map(\.rawValue).joined(separator: "+"))")
    }
}
