import ArgumentParser
import Daemon
import Foundation
import Radiology
import Store
import Translation

/// `m3clip translate audit export|import|judge|report`: the review loop over the 1 % sample, by
/// people (export, import) and by an LLM judge (judge), side by side in the report.
struct TranslateAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export the audit sample for review, import the scores, score it with an LLM judge, report.",
        subcommands: [Export.self, Import.self, TranslateAuditJudgeCommand.self, Report.self])

    /// The reviewer's columns, then the judge's (read-only: import ignores them), so an
    /// annotator's scores and the judge's sit side by side.
    static let columns = ["id", "source_language", "target_language", "engine", "source", "output", "verdict", "metrics",
                          "accuracy", "fluency", "consistency",
                          "judge_model", "judge_accuracy", "judge_fluency", "judge_consistency", "judge_reason"]

    /// The judge a report or export shows: the one named, else the configured model (under the
    /// configured rubric), else the one that judged most recently; nil when none has.
    static func selectJudge(_ store: CorpusStore, _ configuration: Configuration, model: String?, promptVersion: String?) throws
        -> (model: String, promptVersion: String)? {
        let settings = configuration.translation.judge
        if let model { return (model, promptVersion ?? settings.rubric.version) }
        if !settings.model.isEmpty { return (settings.model, promptVersion ?? settings.rubric.version) }
        let judges = try store.auditJudges()
        return (judges.first { promptVersion == nil || $0.promptVersion == promptVersion }).map { ($0.model, $0.promptVersion) }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit sample as CSV with empty accuracy / fluency / consistency columns (1–5).")

        @OptionGroup var common: CommonOptions

        @Option(help: "The CSV file to write.")
        var out: String

        @Option(name: .customLong("judge-model"), help: "Whose judge scores to include (default: the configured model, else the latest judge).")
        var judgeModel: String?

        @Option(name: .customLong("prompt-version"), help: "The judge's rubric version (default: the configured one).")
        var promptVersion: String?

        func run() throws {
            let configuration = try common.loadConfiguration()
            let store = try common.openStore(configuration)
            let judge = try TranslateAuditCommand.selectJudge(store, configuration, model: judgeModel, promptVersion: promptVersion)
            let judgements = try judge.map { try store.auditJudgements(model: $0.model, promptVersion: $0.promptVersion) } ?? [:]
            var text = CSV.line(TranslateAuditCommand.columns)
            let sample = try store.auditSample()
            for item in sample {
                let scores = judgements[item.id]?.scores
                text += CSV.line([String(item.id), item.sourceLanguage, item.targetLanguage, item.engine, item.source, item.output,
                                  item.verdict, item.metrics, item.accuracy.map(String.init) ?? "",
                                  item.fluency.map(String.init) ?? "", item.consistency.map(String.init) ?? "",
                                  scores == nil ? "" : judge?.model ?? "", scores.map { String($0.accuracy) } ?? "",
                                  scores.map { String($0.fluency) } ?? "", scores.map { String($0.consistency) } ?? "", scores?.reason ?? ""])
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
            abstract: "Per target language and verdict: judge and reviewer means, filter misses, over-filtering, agreement (JSON).",
            discussion: """
                A translation the filters kept and the judge scores ≤ 2 on accuracy is a filter miss; one they \
                rejected and the judge scores ≥ 4 is over-filtering. Judge-vs-reviewer agreement is Spearman's ρ and \
                quadratic-weighted kappa per scale, over translations both scored. A reviewer (or the judge) accepts a \
                translation when every score given is at least --accept-at.
                """)

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("accept-at"), help: "Lowest score that counts as acceptable.")
        var acceptAt = 3

        @Option(name: .customLong("judge-model"), help: "Whose judge scores to report (default: the configured model, else the latest judge).")
        var judgeModel: String?

        @Option(name: .customLong("prompt-version"), help: "The judge's rubric version (default: the configured one).")
        var promptVersion: String?

        @Option(help: "Also write the per-language means as an SVG bar chart to this file.")
        var chart: String?

        func run() throws {
            guard (1...5).contains(acceptAt) else { throw ValidationError("--accept-at takes a score from 1 to 5") }
            let configuration = try common.loadConfiguration()
            let store = try common.openStore(configuration)
            let judge = try TranslateAuditCommand.selectJudge(store, configuration, model: judgeModel, promptVersion: promptVersion)
            let report = AuditReport(try store.auditObservations(judge: judge), judgeModel: judge?.model,
                                     promptVersion: judge?.promptVersion, acceptAt: acceptAt)
            if let chart {
                do {
                    try Data(AuditChart(report: report).svg().utf8).write(to: URL(fileURLWithPath: chart), options: .atomic)
                } catch {
                    printError("m3clip: cannot write \(chart): \(error.localizedDescription)")
                    throw ExitCode.failure
                }
                printError("m3clip: wrote the chart to \(chart)")
            }
            try printJSON(report)
        }
    }
}
