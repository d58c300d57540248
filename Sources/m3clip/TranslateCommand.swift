import ArgumentParser
import Daemon
import Foundation
import Radiology
import Store
import Translation

/// `m3clip translate`: ad-hoc translation through the configured engine and the store's memory,
/// the quality filters on their own (`filter`), statistics (`stats`) and the audit loop (`audit`).
struct TranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate sentences (NLLB-200 via CTranslate2, memory first), filter translations, audit.",
        subcommands: [TranslateTextCommand.self, TranslateFilterCommand.self, TranslateStatsCommand.self, TranslateAuditCommand.self],
        defaultSubcommand: TranslateTextCommand.self)
}

/// Parses comma-separated FLORES-200 codes.
func parseLanguages(_ text: String) throws -> [LanguageCode] {
    try text.split(separator: ",").map { part in
        let code = part.trimmingCharacters(in: .whitespaces)
        guard let language = LanguageCode(code) else { throw ValidationError("'\(code)' is not a FLORES-200 code such as deu_Latn") }
        return language
    }
}

/// Writes one JSON object per line on stdout.
func printJSONLine(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(value)
    data.append(UInt8(ascii: "\n"))
    FileHandle.standardOutput.write(data)
}

struct TranslateTextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Translate TEXT (or one sentence per line of standard input with '-'); JSON lines out.",
        discussion: """
            Uses the engine of [translation] in the configuration and the store's translation \
            memory (look-ups first; new translations are remembered with the filters' verdict). \
            Each output line: source, target, output, verdict (keep or reject:<reason>), \
            fromMemory and the filters' metrics. Exits 1 when the engine is unavailable.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Target languages, comma-separated FLORES-200 codes (e.g. deu_Latn,fra_Latn).")
    var to: String

    @Option(help: "Source language.")
    var from = "eng_Latn"

    @Argument(help: "The text to translate, or '-' for one sentence per line of standard input.")
    var text: String

    func run() async throws {
        let targets = try parseLanguages(to)
        guard let source = LanguageCode(from) else { throw ValidationError("'\(from)' is not a FLORES-200 code") }
        let sentences: [String]
        if text == "-" {
            var lines: [String] = []
            while let line = readLine() { if !line.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(line) } }
            sentences = lines
        } else {
            sentences = [text]
        }
        let configuration = try common.loadConfiguration()
        let store = try common.openStore(configuration)
        let settings = configuration.translation
        let engine = settings.makeEngine()
        // On every exit path the worker sees end of file on its stdin and exits by itself.
        if case .unavailable(let reason) = await engine.availability() {
            printError("m3clip: translation unavailable (\(engine.identifier)): \(reason)")
            throw ExitCode.failure
        }
        let memory = TranslationMemory(persistence: store)
        let translator = Translator(engine: engine, memory: memory, filter: QualityFilter(thresholds: settings.thresholds),
                                    sampler: AuditSampler(rate: settings.auditRate), batchSize: settings.batchSize)
        for target in targets where target != source {
            let results: [TranslationResult]
            do {
                results = try await translator.translate(sentences, from: source, to: target)
            } catch {
                printError("m3clip: translation into \(target) failed: \(error)")
                throw ExitCode.failure
            }
            for result in results {
                try printJSONLine(TranslationLine(source: result.entry.sourceText, target: target.rawValue, output: result.output,
                                                  verdict: result.decision.verdict, fromMemory: result.fromMemory,
                                                  metrics: result.decision.metrics))
            }
        }
        let counters = memory.counters
        try? store.addTranslationCounters(["lookups": counters.lookups, "hits": counters.hits])
        if let worker = engine as? CTranslate2Engine { await worker.shutdown() }
    }

    struct TranslationLine: Encodable {
        var source: String
        var target: String
        var output: String
        var verdict: String
        var fromMemory: Bool
        var metrics: QualityMetrics
    }
}

struct TranslateFilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Run the quality filters on source<TAB>output<TAB>target_code lines; JSON lines out.",
        discussion: """
            Each input line is source, output and the target's FLORES-200 code separated by tabs, \
            with an optional fourth column holding the mean token log-probability. Each output \
            line: the line number, verdict (keep or reject:<reason>), every reason that applied, \
            and the metrics. Thresholds come from [translation.filters] in the configuration.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "The TSV file, or '-' for standard input.")
    var tsv: String

    @Option(help: "Source language of the first column.")
    var from = "eng_Latn"

    func run() throws {
        guard let source = LanguageCode(from) else { throw ValidationError("'\(from)' is not a FLORES-200 code") }
        let text: String
        if tsv == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            do {
                text = try String(contentsOfFile: tsv, encoding: .utf8)
            } catch {
                printError("m3clip: cannot read \(tsv): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        let configuration = try common.loadConfiguration()
        let filter = QualityFilter(thresholds: configuration.translation.thresholds)
        var failures = 0
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 || fields.count == 4, let target = LanguageCode(fields[2].trimmingCharacters(in: .whitespaces)) else {
                printError("m3clip: line \(index + 1): expected source<TAB>output<TAB>target_code[<TAB>logprob]")
                failures += 1
                continue
            }
            let logProb = fields.count == 4 ? Double(fields[3].trimmingCharacters(in: .whitespaces)) : nil
            let decision = filter.evaluate(source: fields[0], output: fields[1], from: source, to: target, logProb: logProb)
            try printJSONLine(FilterLine(line: index + 1, target: target.rawValue, verdict: decision.verdict,
                                         reasons: decision.reasons.map(\.rawValue), metrics: decision.metrics))
        }
        if failures > 0 { throw ExitCode.failure }
    }

    struct FilterLine: Encodable {
        var line: Int
        var target: String
        var verdict: String
        var reasons: [String]
        var metrics: QualityMetrics
    }
}

struct TranslateStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Translation memory hit rate, pending sentences, kept/rejected per language and reason (JSON).")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let store = try common.openStore(try common.loadConfiguration())
        try printJSON(try store.translationStats())
    }
}
