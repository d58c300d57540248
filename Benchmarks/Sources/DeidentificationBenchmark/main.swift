// De-identification benchmark (issue 17): recall of synthetic identifiers inserted into phantom
// reports, false scrubbing of clinical words (phantom reports without PHI and the real Open-i
// reports), the CheXpert labeler's F1 against the ChestX-ray14 gold labels of iu-xray-dev before and
// after scrubbing, and scrubbing throughput on one thread.
//
//   swift run -c release DeidentificationBenchmark [reports=500] [IU_DIR]
//
// IU_DIR defaults to ../shared/data/iu-xray-dev (reports.csv, gold-chestxray14.csv); without it the
// real-report parts are skipped.
import Foundation
import Phantoms
import Radiology

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 500 : 500
let iuFolder = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : "../shared/data/iu-xray-dev")
let deidentifier = try Deidentifier()
let languages = ["eng_Latn", "deu_Latn", "fra_Latn", "spa_Latn"].compactMap { LanguageCode($0) }

func tokens(_ text: String) -> [Substring] { text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) }
let placeholderTexts = PHIKind.allCases.map(\.placeholder)
func placeholders(_ text: String) -> Int {
    tokens(text).filter { token in token.contains("[") && placeholderTexts.contains { token.contains($0) } }.count
}

// 1. Synthetic PHI in phantom reports.
var inserted = 0, found = 0
var missesByKind: [String: [String]] = [:], insertedByKind: [String: Int] = [:]
var clinicalTokens = 0, clinicalScrubbed = 0
var falseExamples: [String] = []
var phantomReports: [String] = []
for index in 0..<count {
    let seed = UInt64(1000 + index)
    let phantom = Phantom(labels: StudyMix.practice(seed: seed), seed: seed, width: 32, height: 32)
    let language = languages[index % languages.count]
    let clinical = try ReportWriter.report(for: phantom.truth, language: language, seed: seed)
    let (text, phi) = SyntheticPHI.insert(into: clinical, seed: seed, language: language)
    phantomReports.append(text)
    let scrubbed = deidentifier.scrub(text).text
    for identifier in phi.identifiers {
        inserted += 1
        insertedByKind[identifier.kind, default: 0] += 1
        // Every word of the identifier must be gone (a name's first and last name, …).
        let survivors = identifier.text.split(separator: " ").filter { word in word.count > 1 && scrubbed.contains(word) }
        if survivors.isEmpty { found += 1 } else { missesByKind[identifier.kind, default: []].append(identifier.text) }
    }
    let clinicalResult = deidentifier.scrub(clinical)
    clinicalTokens += tokens(clinical).count
    clinicalScrubbed += placeholders(clinicalResult.text)
    if clinicalResult.total > 0, falseExamples.count < 10 { falseExamples.append(clinicalResult.text.replacingOccurrences(of: "\n", with: " ")) }
}
print(String(format: "synthetic PHI: %d reports (%@), %d identifiers inserted, recall %.4f",
             count, languages.map(\.rawValue).joined(separator: ", "), inserted, Double(found) / Double(max(inserted, 1))))
for kind in insertedByKind.keys.sorted() {
    let misses = missesByKind[kind] ?? []
    print(String(format: "  %-9@ %4d inserted, %3d missed%@", kind, insertedByKind[kind]!, misses.count,
                 misses.isEmpty ? "" : ": " + misses.prefix(8).joined(separator: " | ")))
}
print(String(format: "false scrubbing on the same reports without PHI: %d of %d tokens (%.3f %%)", clinicalScrubbed, clinicalTokens,
             100 * Double(clinicalScrubbed) / Double(max(clinicalTokens, 1))))
for example in falseExamples { print("  false: \(example.prefix(160))") }

// 2. Real reports: false scrubbing and the labeler's F1 before and after.
var realReports: [String] = []
let reportsFile = iuFolder.appendingPathComponent("reports.csv"), goldFile = iuFolder.appendingPathComponent("gold-chestxray14.csv")
if let reportsText = try? String(contentsOf: reportsFile, encoding: .utf8), let goldText = try? String(contentsOf: goldFile, encoding: .utf8) {
    let table = try CSVTable(text: reportsText)
    let gold = try CSVTable(text: goldText)
    var goldByUID: [String: [String]] = [:]
    for row in gold.rows { goldByUID[gold.value(row, "filename").replacingOccurrences(of: "CXR", with: "")] = row }
    let mapping: [(String, Observation)] = [("Atelectasis", .atelectasis), ("Cardiomegaly", .cardiomegaly), ("Effusion", .pleuralEffusion),
                                            ("Pneumonia", .pneumonia), ("Pneumothorax", .pneumothorax), ("Consolidation", .consolidation),
                                            ("Edema", .edema)]
    let labeler = try Labeler()
    var tp = [0, 0], fp = [0, 0], fn = [0, 0], changed = 0, realTokens = 0, realScrubbed = 0
    var realExamples: [String] = []
    for row in table.rows {
        let text = ["indication", "comparison", "findings", "impression"].map { table.value(row, $0) }.joined(separator: "\n")
        realReports.append(text)
        let scrubbed = deidentifier.scrub(text)
        realTokens += tokens(text).count
        realScrubbed += placeholders(scrubbed.text)
        if scrubbed.total > 0, realExamples.count < 12 {
            // The scrubbed words next to their placeholders: what was replaced, in context.
            let original = tokens(text), replaced = tokens(scrubbed.text)
            let changed = zip(original, replaced).filter { $0.0 != $0.1 }.prefix(3).map { "\($0.0) → \($0.1)" }
            realExamples.append("uid \(table.value(row, "uid")): " + changed.joined(separator: "; "))
        }
        guard let goldRow = goldByUID[table.value(row, "uid")] else { continue }
        let described = [table.value(row, "findings"), table.value(row, "impression")].joined(separator: "\n")
        let before = labeler.labelAggregate(described), after = labeler.labelAggregate(deidentifier.scrub(described).text)
        if before != after { changed += 1 }
        for (column, observation) in mapping {
            let truth = gold.value(goldRow, column) == "1"
            for (pass, labels) in [before, after].enumerated() {
                let predicted = labels[observation] == .positive
                if predicted && truth { tp[pass] += 1 } else if predicted { fp[pass] += 1 } else if truth { fn[pass] += 1 }
            }
        }
    }
    func f1(_ pass: Int) -> Double { 2 * Double(tp[pass]) / Double(max(1, 2 * tp[pass] + fp[pass] + fn[pass])) }
    print(String(format: "iu-xray-dev (%d reports): false scrubbing %d of %d tokens (%.3f %%)", table.rows.count, realScrubbed, realTokens,
                 100 * Double(realScrubbed) / Double(max(realTokens, 1))))
    for example in realExamples { print("  scrubbed: \(example.prefix(200))") }
    print(String(format: "labeler micro-F1 vs ChestX-ray14 gold (7 shared observations, positive = 1): before %.4f, after %.4f (Δ %+.4f); reports whose labels changed: %d",
                 f1(0), f1(1), f1(1) - f1(0), changed))
} else {
    print("(no \(iuFolder.path): real-report checks skipped)")
}

// 3. Throughput, one thread.
let corpus = realReports.isEmpty ? phantomReports : realReports + phantomReports
var sink = 0
for text in corpus.prefix(200) { sink &+= deidentifier.scrub(text).total }
let clock = ContinuousClock()
let start = clock.now
var done = 0
var elapsed = 0.0
repeat {
    for text in corpus { sink &+= deidentifier.scrub(text).total }
    done += corpus.count
    let duration = clock.now - start
    elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
} while elapsed < 3
let bytes = corpus.reduce(0) { $0 + $1.utf8.count } / corpus.count
print(String(format: "throughput: %.0f reports/s on one thread (mean %d bytes a report; check %d)", Double(done) / elapsed, bytes, sink % 1000))
