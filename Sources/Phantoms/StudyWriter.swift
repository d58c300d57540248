public import Foundation
public import Radiology

/// Writes phantom studies as inbox-ready folders: `<dir>/<study-key>/image.png` (16-bit grey),
/// `truth.json` and `report.<language>.txt` (the suffix declares the report's language).
///
/// Each folder is built under `<dir>/.incoming/` and renamed into place, so a daemon watching
/// `<dir>` never sees half a study (DESIGN.md §3). Everything written is SYNTHETIC and says so.
public struct StudyWriter: Sendable {
    public let directory: URL
    public let width: Int
    public let height: Int

    public init(directory: URL, width: Int = 512, height: Int = 512) {
        self.directory = directory
        self.width = width
        self.height = height
    }

    /// Renders and writes one study. `reports` maps languages to report text; when nil, reports
    /// are generated from the phantom in `languages`.
    @discardableResult
    public func write(key: String, labels: FindingLabels, seed: UInt64, languages: [LanguageCode],
                      reports: [LanguageCode: String]? = nil, reportSource: String? = nil) throws -> PhantomTruth {
        guard !key.isEmpty, !key.hasPrefix("."), !key.contains("/") else {
            throw PhantomError("'\(key)' cannot be a study folder name")
        }
        let phantom = Phantom(labels: labels, seed: seed, width: width, height: height)
        var truth = phantom.truth
        var texts = reports ?? [:]
        if reports == nil {
            for language in languages { texts[language] = try ReportWriter.report(for: truth, language: language, seed: seed) }
        }
        truth.study = key
        truth.reportLanguages = texts.keys.map(\.rawValue).sorted()
        truth.reportSource = reportSource

        let files = FileManager.default
        let staging = directory.appendingPathComponent(".incoming", isDirectory: true)
            .appendingPathComponent(key, isDirectory: true)
        let target = directory.appendingPathComponent(key, isDirectory: true)
        if files.fileExists(atPath: staging.path) { try files.removeItem(at: staging) }
        try files.createDirectory(at: staging, withIntermediateDirectories: true)
        try phantom.pngData().write(to: staging.appendingPathComponent("image.png"))
        try truth.jsonData().write(to: staging.appendingPathComponent("truth.json"))
        for (language, text) in texts {
            try Data(text.utf8).write(to: staging.appendingPathComponent("report.\(language.rawValue).txt"))
        }
        if files.fileExists(atPath: target.path) { try files.removeItem(at: target) }
        try files.moveItem(at: staging, to: target)
        _ = rmdir(staging.deletingLastPathComponent().path)  // only when empty: others may be staging there
        return truth
    }

    /// `count` studies with a practice-like finding mix; study `i` uses seed `seed + i` and the
    /// languages in turn. Returns the study keys. With `phi`, each report carries invented
    /// identifiers (``SyntheticPHI``), listed in `phi.jsonl` next to the study folders (one
    /// `{"study": …, "identifiers": [{"kind": …, "text": …}]}` a line), never inside them.
    public func writePracticeStudies(count: Int, seed: UInt64, languages: [LanguageCode], phi: Bool = false,
                                     progress: (Int) -> Void = { _ in }) throws -> [String] {
        guard !languages.isEmpty else { throw PhantomError("no report languages given") }
        var keys: [String] = []
        var phiLines = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for index in 0..<count {
            let studySeed = seed &+ UInt64(index)
            let key = "phantom-\(seed)-\(String(format: "%05d", index))"
            let labels = StudyMix.practice(seed: studySeed)
            let language = languages[index % languages.count]
            if phi {
                let truth = Phantom(labels: labels, seed: studySeed, width: width, height: height).truth
                let (text, inserted) = SyntheticPHI.insert(into: try ReportWriter.report(for: truth, language: language, seed: studySeed),
                                                           seed: studySeed, language: language)
                try write(key: key, labels: labels, seed: studySeed, languages: [language], reports: [language: text])
                struct Line: Encodable { let study: String; let identifiers: [SyntheticPHI.Identifier] }
                phiLines += String(decoding: try encoder.encode(Line(study: key, identifiers: inserted.identifiers)), as: UTF8.self) + "\n"
            } else {
                try write(key: key, labels: labels, seed: studySeed, languages: [language])
            }
            keys.append(key)
            progress(index + 1)
        }
        if phi { try Data(phiLines.utf8).write(to: directory.appendingPathComponent("phi.jsonl")) }
        return keys
    }

    /// Where a paired study's phantom takes its findings from.
    public enum PairedLabels: String, Sendable, CaseIterable {
        /// The CheXpert labeler run on the report's findings and impression (the default).
        case labeler
        /// The row's radiologist-assigned MeSH terms.
        case mesh
    }

    /// One study per row of an Open-i style CSV (`uid, MeSH, Problems, image, indication,
    /// comparison, findings, impression`): the real English report, and a phantom drawn from the
    /// labels of that report (the labeler's, or the row's MeSH terms). Rows without findings or
    /// impression text are skipped.
    public func writePairedStudies(csv: URL, limit: Int?, seed: UInt64, labels source: PairedLabels = .labeler,
                                   progress: (Int) -> Void = { _ in }) throws -> [String] {
        let labeler = source == .labeler ? try Labeler() : nil
        let table = try CSVTable(text: String(contentsOf: csv, encoding: .utf8))
        for column in ["uid", "MeSH", "findings", "impression"] where !table.header.contains(column) {
            throw PhantomError("\(csv.path) has no '\(column)' column; expected uid,MeSH,Problems,image,indication,comparison,findings,impression")
        }
        var keys: [String] = []
        for row in table.rows {
            if let limit, keys.count >= limit { break }
            let uid = table.value(row, "uid")
            let findings = table.value(row, "findings"), impression = table.value(row, "impression")
            guard !uid.isEmpty, !(findings.isEmpty && impression.isEmpty) else { continue }
            var text = "EXAMINATION: Chest radiograph (report text from \(csv.lastPathComponent) uid \(uid); the image is a SYNTHETIC phantom generated by m3clip).\n\n"
            for (header, column) in [("INDICATION", "indication"), ("COMPARISON", "comparison")] {
                let value = table.value(row, column)
                if !value.isEmpty { text += "\(header): \(value)\n\n" }
            }
            text += "FINDINGS: \(findings)\n\nIMPRESSION: \(impression)\n"
            let key = "openi-\(uid)-phantom"
            let studySeed = seed &+ (UInt64(uid) ?? UInt64(keys.count))
            let labels = labeler.map { Self.findingLabels($0.labelAggregate(findings + "\n" + impression)) }
                ?? MeSHLabels.labels(mesh: table.value(row, "MeSH"))
            try write(key: key, labels: labels, seed: studySeed,
                      languages: [.english], reports: [.english: text],
                      reportSource: "\(csv.lastPathComponent) uid \(uid) (real report text; the image is a SYNTHETIC phantom)")
            keys.append(key)
            progress(keys.count)
        }
        return keys
    }

    /// The labeler's states as the phantom's finding states.
    static func findingLabels(_ labels: ObservationLabels) -> FindingLabels {
        var states: [Finding: FindingState] = [:]
        for (observation, state) in labels.mentioned {
            switch state {
            case .positive: states[observation] = .positive
            case .negative: states[observation] = .negative
            case .uncertain: states[observation] = .uncertain
            case .notMentioned: break
            }
        }
        return FindingLabels(states)
    }

    /// The CheXpert 5×N zero-shot set's shape: `perClass` images for each of Atelectasis,
    /// Cardiomegaly, Consolidation, Edema and Pleural Effusion, each with exactly one of the five
    /// positive, and `labels.csv` (`study,image,label,` then one 0/1 column per class).
    public func writeEval5x(perClass: Int, seed: UInt64, progress: (Int) -> Void = { _ in }) throws {
        var csv = "study,image,label," + StudyMix.competitionClasses.map(\.rawValue).joined(separator: ",") + "\n"
        var done = 0
        for (c, finding) in StudyMix.competitionClasses.enumerated() {
            for i in 0..<perClass {
                let studySeed = seed &+ UInt64(c * 1_000_000 + i)
                var labels = FindingLabels()
                labels[finding] = .positive
                let key = "eval5x-\(finding.rawValue.lowercased().replacingOccurrences(of: " ", with: "-"))-\(String(format: "%04d", i))"
                try write(key: key, labels: labels.normalised(), seed: studySeed, languages: [.english])
                let flags = StudyMix.competitionClasses.map { $0 == finding ? "1" : "0" }.joined(separator: ",")
                csv += "\(key),\(key)/image.png,\(finding.rawValue),\(flags)\n"
                done += 1
                progress(done)
            }
        }
        try Data(csv.utf8).write(to: directory.appendingPathComponent("labels.csv"))
    }
}
