import ArgumentParser
import Foundation
import Radiology
import Store

/// `m3clip translate audit export|import|report`: the human review loop over the 1 % sample.
struct TranslateAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export the audit sample for review, import the scores, report agreement with the filters.",
        subcommands: [Export.self, Import.self, Report.self])

    static let columns = ["id", "source_language", "target_language", "engine", "source", "output", "verdict", "metrics",
                          "accuracy", "fluency", "consistency"]

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit sample as CSV with empty accuracy / fluency / consistency columns (1–5).")

        @OptionGroup var common: CommonOptions

        @Option(help: "The CSV file to write.")
        var out: String

        func run() throws {
            let store = try common.openStore(try common.loadConfiguration())
            var text = CSV.line(TranslateAuditCommand.columns)
            let sample = try store.auditSample()
            for item in sample {
                text += CSV.line([String(item.id), item.sourceLanguage, item.targetLanguage, item.engine, item.source, item.output,
                                  item.verdict, item.metrics, item.accuracy.map(String.init) ?? "",
                                  item.fluency.map(String.init) ?? "", item.consistency.map(String.init) ?? ""])
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                printError("m3clip: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            printError("m3clip: wrote \(sample.count) audit rows to \(out)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a reviewed audit CSV (as exported) and store its scores.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The reviewed CSV file.")
        var file: String

        func run() throws {
            let table: CSVTable
            do {
                table = try CSVTable(text: try String(contentsOfFile: file, encoding: .utf8))
            } catch {
                printError("m3clip: cannot read \(file): \(error)")
                throw ExitCode.failure
            }
            let id = try table.column("id"), accuracy = try table.column("accuracy")
            let fluency = try table.column("fluency"), consistency = try table.column("consistency")
            var scores: [AuditScore] = []
            for (index, row) in table.rows.enumerated() {
                func score(_ column: Int) throws -> Int? {
                    guard column < row.count else { return nil }
                    let text = row[column].trimmingCharacters(in: .whitespaces)
                    if text.isEmpty { return nil }
                    guard let value = Int(text), (1...5).contains(value) else {
                        throw ValidationError("row \(index + 2): '\(text)' is not a score from 1 to 5")
                    }
                    return value
                }
                guard id < row.count, let rowID = Int64(row[id]) else { throw ValidationError("row \(index + 2): no id") }
                scores.append(AuditScore(id: rowID, accuracy: try score(accuracy), fluency: try score(fluency),
                                         consistency: try score(consistency)))
            }
            let store = try common.openStore(try common.loadConfiguration())
            do {
                let stored = try store.recordAuditScores(scores)
                printError("m3clip: stored scores of \(stored) audit rows")
            } catch {
                printError("m3clip: \(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per target language: how often reviewers agreed with the filters (JSON).",
            discussion: "A reviewer accepts a translation when every score given is at least --accept-at.")

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("accept-at"), help: "Lowest score that counts as acceptable.")
        var acceptAt = 3

        func run() throws {
            let store = try common.openStore(try common.loadConfiguration())
            try printJSON(try store.auditAgreement(acceptAt: acceptAt))
        }
    }
}
