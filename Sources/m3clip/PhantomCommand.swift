import ArgumentParser
import Foundation
import Formats
import Phantoms
import Radiology

/// `m3clip phantom …`: synthetic chest radiographs (digital phantoms) with known findings, their
/// reports in 21 languages, inbox-ready studies, a 5×N evaluation set and a contact sheet.
/// Everything these commands write is SYNTHETIC and says so in its `truth.json`.
struct PhantomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Generate SYNTHETIC chest radiographs with known findings, and studies built from them.",
        subcommands: [Image.self, Studies.self, Eval5x.self, Sheet.self])

    /// Options every subcommand that renders films shares.
    struct FilmOptions: ParsableArguments {
        @Option(help: "Seed; the same seed gives the same bytes.")
        var seed: UInt64 = 1

        @Option(help: "Image width and height in pixels.")
        var size: Int = 512

        func validate() throws {
            guard (32...4096).contains(size) else { throw ValidationError("--size must be between 32 and 4096") }
        }
    }

    struct Image: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one phantom: a 16-bit PNG and its truth.json.",
            discussion: """
                Labels are CheXpert names with 1 (positive), 0 (negative) or -1 (uncertain, drawn at \
                borderline severity), e.g. --labels "Cardiomegaly=1,Pleural Effusion=-1". The truth is \
                written beside the image as <name>.truth.json.
                """)

        @Option(help: "Findings, e.g. \"Cardiomegaly=1,Pleural Effusion=-1\" (empty: a normal film).")
        var labels: String = ""

        @OptionGroup var film: FilmOptions

        @Option(help: "Output PNG path.")
        var out: String

        @Option(help: "Also write a report in these languages (comma-separated FLORES-200 codes) as <name>.report.<lang>.txt.")
        var reportLanguages: String?

        func run() throws {
            let parsed = try FindingLabels(parsing: labels).normalised()
            let phantom = Phantom(labels: parsed, seed: film.seed, width: film.size, height: film.size)
            let url = URL(fileURLWithPath: out)
            let stem = url.deletingPathExtension()
            try phantom.pngData().write(to: url)
            try phantom.truth.jsonData().write(to: stem.appendingPathExtension("truth.json"))
            for language in try PhantomCommand.languages(reportLanguages ?? "") {
                let text = try ReportWriter.report(for: phantom.truth, language: language, seed: film.seed)
                try Data(text.utf8).write(to: stem.appendingPathExtension("report.\(language.rawValue).txt"))
            }
            print("wrote \(out) (SYNTHETIC phantom, seed \(film.seed)): "
                + (parsed.findings(.positive) + parsed.findings(.uncertain)).map(\.rawValue).joined(separator: ", "))
        }
    }

    struct Studies: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write inbox-ready study folders: image.png, truth.json and report.<lang>.txt.",
            discussion: """
                Without --reports, findings follow a chest X-ray practice mix and each study's report \
                is generated in one of --languages, in turn. With --reports CSV (columns uid, MeSH, \
                Problems, image, indication, comparison, findings, impression), each row's real \
                English report is paired with a phantom drawn from its labels (the CheXpert labeler's, \
                or the row's MeSH terms with --labels-from mesh).
                """)

        @Option(help: "Number of studies (with --reports: the most rows to use).")
        var count: Int?

        @Option(help: "Report languages, comma-separated FLORES-200 codes.")
        var languages: String = "eng_Latn"

        @Option(help: "Pair real English reports from this CSV with phantoms.")
        var reports: String?

        @Option(name: .customLong("labels-from"), help: "With --reports: draw each phantom from the labeler's labels of the report (labeler) or the row's MeSH terms (mesh).")
        var labelsFrom: String = "labeler"

        @Flag(help: "Insert invented identifiers (names, dates, MRNs, phones, …) into each report; listed in OUT/phi.jsonl.")
        var phi = false

        @OptionGroup var film: FilmOptions

        @Option(help: "Output directory (created if missing).")
        var out: String

        func run() throws {
            let writer = StudyWriter(directory: URL(fileURLWithPath: out, isDirectory: true), width: film.size, height: film.size)
            try FileManager.default.createDirectory(at: writer.directory, withIntermediateDirectories: true)
            let progress = ProgressLine(label: "studies", total: count)
            let keys: [String]
            if let reports {
                guard let source = StudyWriter.PairedLabels(rawValue: labelsFrom) else {
                    throw ValidationError("--labels-from takes labeler or mesh")
                }
                keys = try writer.writePairedStudies(csv: URL(fileURLWithPath: reports), limit: count, seed: film.seed,
                                                     labels: source, progress: progress.update)
            } else {
                guard let count, count > 0 else { throw ValidationError("--count must be a positive number") }
                keys = try writer.writePracticeStudies(count: count, seed: film.seed, languages: try PhantomCommand.languages(languages),
                                                       phi: phi, progress: progress.update)
            }
            progress.finish()
            print("wrote \(keys.count) SYNTHETIC phantom studies to \(out)")
        }
    }

    struct Eval5x: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval5x",
            abstract: "Write a CheXpert-5×N shaped set: N phantoms per class, exactly one of the five positive, with labels.csv.")

        @Option(help: "Images per class (Atelectasis, Cardiomegaly, Consolidation, Edema, Pleural Effusion).")
        var perClass: Int

        @OptionGroup var film: FilmOptions

        @Option(help: "Output directory (created if missing).")
        var out: String

        func run() throws {
            guard perClass > 0 else { throw ValidationError("--per-class must be positive") }
            let writer = StudyWriter(directory: URL(fileURLWithPath: out, isDirectory: true), width: film.size, height: film.size)
            try FileManager.default.createDirectory(at: writer.directory, withIntermediateDirectories: true)
            let progress = ProgressLine(label: "eval5x", total: perClass * 5)
            try writer.writeEval5x(perClass: perClass, seed: film.seed, progress: progress.update)
            progress.finish()
            print("wrote \(perClass * 5) SYNTHETIC phantoms and labels.csv to \(out)")
        }
    }

    struct Sheet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a contact sheet: one finding per row (No Finding, then CheXpert order); columns severe, moderate, mild, then uncertain.")

        @Option(help: "Output PNG path (8-bit grey).")
        var out: String

        @Option(help: "Tile edge in pixels.")
        var tile: Int = 256

        @Option(help: "Tiles per row (the last shows the borderline/uncertain drawing).")
        var columns: Int = 4

        @Option(help: "First seed.")
        var seed: UInt64 = 1

        func run() throws {
            guard tile >= 32, columns >= 2 else { throw ValidationError("--tile must be ≥ 32 and --columns ≥ 2") }
            let sheet = ContactSheet(tile: tile, columns: columns, seed: seed)
            try Data(PNGEncoder.encodeGray8(sheet.pixels, width: sheet.width, height: sheet.height))
                .write(to: URL(fileURLWithPath: out))
            print("wrote \(out): rows " + ContactSheet.rows.map(\.rawValue).joined(separator: ", "))
        }
    }

    static func languages(_ list: String) throws -> [LanguageCode] {
        try list.split(separator: ",").map { item in
            let code = item.trimmingCharacters(in: .whitespaces)
            guard let language = LanguageCode(code), ReportWriter.languages.contains(language) else {
                throw ValidationError("'\(code)' is not one of the report languages: "
                    + ReportWriter.languages.map(\.rawValue).joined(separator: ", "))
            }
            return language
        }
    }

    /// Progress on stderr: a rewritten line on a terminal, a line every 10 % otherwise.
    final class ProgressLine {
        let label: String
        let total: Int?
        let terminal = isatty(2) != 0
        var last = -1

        init(label: String, total: Int?) {
            self.label = label
            self.total = total
        }

        func update(_ done: Int) {
            let step = max(1, (total ?? 100) / 10)
            if terminal {
                FileHandle.standardError.write(Data("\r\(label): \(done)\(total.map { "/\($0)" } ?? "")".utf8))
            } else if done / step != last {
                last = done / step
                FileHandle.standardError.write(Data("\(label): \(done)\(total.map { "/\($0)" } ?? "")\n".utf8))
            }
        }

        func finish() {
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
