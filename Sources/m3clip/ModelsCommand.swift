import ArgumentParser
import Daemon
import Foundation
import Models
import Store

/// `m3clip models list|show`: the models the store has trained, their lineage, verdicts and metrics.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List trained models or show one (lineage, corpus version, verdict, metrics).",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every model, newest first; * marks models/current.")

        @OptionGroup var options: CommonOptions

        @Flag(help: "Print one JSON array.")
        var json = false

        func run() throws {
            let configuration = try options.loadConfiguration()
            let store = try options.openStore(configuration)
            let models = try store.models()
            let current = ModelFolders(layout: store.layout).currentID()
            if json {
                try printJSON(models)
                return
            }
            guard !models.isEmpty else {
                print("no models yet (train one with `m3clip train`)")
                return
            }
            print("  id                        parent                    corpus  verdict   zero-shot  objective  preset")
            for model in models {
                let zeroShot = model.metrics["zero_shot.accuracy"].map { String(format: "%.4f", $0) } ?? "-"
                print("\(model.id == current ? "*" : " ") \(pad(model.id, 24))  \(pad(model.parentId ?? "-", 24))  "
                    + "\(pad(String(model.corpusVersion), 6))  \(pad(model.verdict.rawValue, 8))  \(pad(zeroShot, 9))  "
                    + "\(pad(model.objective, 9))  \(model.preset)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One model's record and its training.json.")

        @OptionGroup var options: CommonOptions

        @Argument(help: "Model id, or current.")
        var id: String

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let configuration = try options.loadConfiguration()
            let store = try options.openStore(configuration)
            let folders = ModelFolders(layout: store.layout)
            let resolved = id == "current" ? folders.currentID() : id
            guard let resolved, let record = try store.model(id: resolved) else {
                printError("m3clip models: no model \(id)")
                throw ExitCode.failure
            }
            let training = folders.trainingRecord(id: resolved)
            if json {
                struct Shown: Encodable { let record: ModelRecord; let training: TrainingRecord?; let current: Bool }
                try printJSON(Shown(record: record, training: training, current: folders.currentID() == resolved))
                return
            }
            print("model \(record.id)\(folders.currentID() == resolved ? " (current)" : "")")
            print("  parent          \(record.parentId ?? "none")")
            print("  corpus version  \(record.corpusVersion)")
            print("  created         \(record.createdAt)")
            print("  preset          \(record.preset)  backend \(record.backend)  objective \(record.objective)")
            print("  verdict         \(record.verdict.rawValue)")
            for (name, value) in record.metrics.sorted(by: { $0.key < $1.key }) {
                print("  \(pad(name, 34)) \(String(format: "%.4f", value))")
            }
            if let training {
                print("  steps           \(training.steps)")
                for reason in training.gateReasons { print("  gate            \(reason)") }
                if let last = training.lossCurve.last, let first = training.lossCurve.first {
                    print("  loss            \(String(format: "%.4f", first[1])) (step \(Int(first[0]))) → \(String(format: "%.4f", last[1])) (step \(Int(last[0])))")
                }
                let seen = training.itemsSeen.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                if !seen.isEmpty { print("  items seen      \(seen)") }
            }
        }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
