import ArgumentParser
import Foundation
import Radiology

/// `m3clip label`: labels reports with the CheXpert-style labeler and writes CheXpert's CSV
/// format (one row per report: an id column, then the 14 observation columns with 1.0 / 0.0 /
/// -1.0 or empty).
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Label reports with the 14 CheXpert observations (CheXpert CSV output).",
        discussion: """
            With --csv, reads a CSV with a header row and writes one row per input row: the id \
            column, then the 14 observations. The text columns are joined as separate paragraphs \
            (CheXpert labels findings + impression).
            With '-', reads one report per line from standard input and writes CheXpert's own \
            layout: a 'Reports' column with the text, then the 14 observations. A line with \
            section headers ("FINDINGS: … IMPRESSION: …") is labeled on its findings and \
            impression only.
            Values: 1.0 positive, 0.0 negative, -1.0 uncertain, empty not mentioned.
            """)

    @Argument(help: "'-' to read one report per line from standard input.")
    var input: String?

    @Option(help: "A CSV file of reports with a header row.")
    var csv: String?

    @Option(name: .customLong("id-column"), help: "The CSV column that identifies a report.")
    var idColumn = "uid"

    @Option(name: .customLong("text-columns"), help: "Comma-separated CSV columns holding the report text.")
    var textColumns = "findings,impression"

    @Option(help: "Where to write the labels (default: standard output).")
    var out: String?

    func validate() throws {
        switch (input, csv) {
        case (nil, nil): throw ValidationError("give --csv FILE, or '-' to read reports from standard input")
        case (.some, .some): throw ValidationError("give either --csv FILE or '-', not both")
        case (let input?, nil) where input != "-": throw ValidationError("the only argument accepted is '-' (standard input)")
        default: break
        }
        if textColumns.split(separator: ",").isEmpty { throw ValidationError("--text-columns names no column") }
    }

    func run() throws {
        let labeler = try Labeler()
        let observationColumns = Observation.allCases.map(\.chexpertName)
        var output = ""
        if let csv {
            let text: String
            do {
                text = try String(contentsOfFile: csv, encoding: .utf8)
            } catch {
                throw LabelCommandError("cannot read \(csv): \(error.localizedDescription)")
            }
            let table = try CSVTable(text: text)
            let id = try table.column(idColumn)
            let columns = try textColumns.split(separator: ",").map { try table.column(String($0).trimmingCharacters(in: .whitespaces)) }
            output.reserveCapacity(table.rows.count * 64)
            output += CSV.line([idColumn] + observationColumns)
            for row in table.rows {
                let report = columns.compactMap { $0 < row.count ? row[$0] : nil }.filter { !$0.isEmpty }.joined(separator: "\n\n")
                let labels = labeler.labelAggregate(report)
                output += CSV.line([id < row.count ? row[id] : ""] + labels.chexpertCells)
            }
        } else {
            output += CSV.line(["Reports"] + observationColumns)
            while let line = readLine(strippingNewline: true) {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                // A line with section headers is labeled on its findings and impression only.
                let text = Report(text: line, language: .english).imageDescription
                output += CSV.line([line] + labeler.labelAggregate(text).chexpertCells)
            }
        }
        if let out {
            do {
                try output.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw LabelCommandError("cannot write \(out): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }
}

/// A failure of `m3clip label` that is not a usage mistake (no usage text is printed).
struct LabelCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
