import ArgumentParser
import Daemon
import Foundation
import Models
import Store
import Training

/// `m3clip eval`: zero-shot 5-class accuracy on an eval5x folder and, with --retrieval,
/// Recall@K per language on the store's held-out evaluation split.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model: zero-shot 5-class accuracy (prompt ensembles), retrieval Recall@K per language.",
        discussion: """
            --zero-shot DIR is a CheXpert-5×N shaped folder with labels.csv (`m3clip phantom eval5x` \
            writes one). Class score = mean logit over the class's prompts (severity × subtype × \
            location phrases) in every language the model was trained on (its training.json), \
            MedCLIP's protocol. --retrieval: image→text and text→image Recall@1/5/10 per language on \
            the store's evaluation split (studies held out by a hash of their key, never trained on).
            """)

    @OptionGroup var options: CommonOptions

    @Option(help: "current, a model id, or a checkpoint folder.")
    var model: String = "current"

    @Option(name: .customLong("zero-shot"), help: "An eval5x folder (default: [training] zero_shot_set, else the store's phantom set).")
    var zeroShot: String?

    @Flag(help: "Also measure retrieval per language on the store's evaluation split.")
    var retrieval = false

    @Option(help: "Prompt languages, comma-separated (default: the languages the model was trained on).")
    var languages: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        try failing("eval") {
            let folder = try ModelFolders(layout: store.layout).resolve(model)
            let checkpoint = try Checkpoint.load(from: folder)
            let prompts = try PromptEnsemble.load()
            let trained = checkpoint.training.itemsSeen.keys.filter { $0 != "images" }
            let chosen = languages.map { $0.split(separator: ",").map(String.init) } ?? (trained.isEmpty ? prompts.languages : Array(trained))
            var heldOut: TrainingCorpus? = nil
            if retrieval {
                let loaded = try TrainingCorpusLoader(store: store, imageSize: checkpoint.model.config.vision.imageSize).load()
                heldOut = loaded.corpus.split(EvaluationSplit(share: configuration.training.evaluationShare), evaluation: true)
            }
            let evaluation = try ModelEvaluation(configuration: configuration, store: store, prompts: prompts, languages: chosen,
                                                 heldOut: heldOut, zeroShotFolder: zeroShot.map { URL(fileURLWithPath: $0) })
            let outcome = try evaluation.evaluate(checkpoint)
            if json {
                struct Report: Encodable { let model: String; let metrics: [String: Double]; let zeroShot: ZeroShotResult?; let retrieval: RetrievalResult? }
                try printJSON(Report(model: folder.lastPathComponent, metrics: outcome.metrics, zeroShot: outcome.zeroShot, retrieval: outcome.retrieval))
                return
            }
            print("model \(folder.lastPathComponent)")
            if let zeroShot = outcome.zeroShot { print(zeroShot.formattedTable) }
            if let retrieval = outcome.retrieval { print(retrieval.formattedTable) }
        }
    }
}
