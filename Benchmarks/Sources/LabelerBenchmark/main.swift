// Labeler throughput: labels findings + impression of every report in a reports CSV, over and
// over for a few seconds on one thread, and prints reports per second next to the references.
//
//   swift run -c release --scratch-path .build-release LabelerBenchmark [REPORTS.csv] [SECONDS]
//
// REPORTS.csv defaults to ../shared/data/iu-xray-dev/reports.csv (relative to the repository
// root, where the command above runs); it needs `findings` and `impression` columns.
import Foundation
import Radiology

/// Runs `body` over all reports repeatedly for about `seconds`; returns reports per second.
func measure(_ name: String, reports: [String], seconds: Double, _ body: (String) -> Int) -> Double {
    var sink = 0
    for report in reports.prefix(200) { sink &+= body(report) } // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    var labeled = 0
    var elapsed = 0.0
    repeat {
        for report in reports { sink &+= body(report) }
        labeled += reports.count
        let duration = clock.now - start
        elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    } while elapsed < seconds
    let rate = Double(labeled) / elapsed
    print("  \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", rate)) reports/s  (\(labeled) in \(String(format: "%.2f", elapsed)) s, check \(sink % 1000))")
    return rate
}

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "../shared/data/iu-xray-dev/reports.csv"
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 3 : 3
guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    print("cannot read \(path) (give a reports CSV with findings and impression columns)")
    exit(1)
}
let records = ((try? CSV.parse(text)) ?? [])
guard let header = records.first, let findings = header.firstIndex(of: "findings"),
      let impression = header.firstIndex(of: "impression") else {
    print("\(path) has no findings/impression columns")
    exit(1)
}
let reports = records.dropFirst().map { row in
    [findings, impression].compactMap { $0 < row.count ? row[$0] : nil }.filter { !$0.isEmpty }.joined(separator: "\n\n")
}
let bytes = reports.reduce(0) { $0 + $1.utf8.count }
let labeler = try Labeler()
print("Labeler \(Labeler.version): \(reports.count) reports (\(bytes / max(reports.count, 1)) bytes each on average) from \(path), one thread")
let splitter = SentenceSplitter()
_ = measure("stage: tokenize + split sentences (strings)", reports: reports, seconds: seconds / 3) { splitter.split($0).count }
let aggregate = measure("label, report labels only (labelAggregate)", reports: reports, seconds: seconds) {
    labeler.labelAggregate($0).states.count
}
_ = measure("label, with sentences (labelReport)", reports: reports, seconds: seconds) { labeler.labelReport($0).sentences.count }
print("Reference: negbio2 regex pipeline ≈ 170 reports/s on this machine; floor 20,000 reports/s.")
print(aggregate >= 20_000 ? "OK: \(Int(aggregate / 170))× negbio2, \(String(format: "%.1f", aggregate / 20_000))× the floor"
                          : "BELOW THE FLOOR of 20,000 reports/s")
