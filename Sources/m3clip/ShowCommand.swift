import ArgumentParser
import Foundation
import Radiology
import Store
#if canImport(CDispatch)
import CDispatch
#endif
#if canImport(Glibc)
import Glibc
#endif

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one study: its parts, sections, images and the versions it appeared in.")

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @Argument(help: "The study key (or its numeric id).")
    var id: String

    @Flag(name: .long, help: "Print each report's original bytes, before de-identification (the store's owner only).")
    var raw = false

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        guard let study = try store.study(id) else {
            printError("m3clip show: no study '\(id)'")
            throw ExitCode.failure
        }
        if raw {
            try printOriginals(study, store: store)
            return
        }
        if json {
            try printJSON(study)
            return
        }
        print("study \(study.key) (id \(study.id)\(study.accession.map { ", accession \($0)" } ?? ""))")
        print("  added in version \(study.addedVersion); versions \(study.versions.map(String.init).joined(separator: ", "))")
        for report in study.reports {
            let state = report.removedVersion.map { "removed in \($0)" } ?? "live"
            print("  report \(report.partName) [\(report.format), \(report.language)] v\(report.addedVersion) \(state) sha256 \(report.sha256.prefix(12))…")
            if !report.phi.isEmpty {
                print("    de-identified: " + report.phi.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            }
            for section in report.sections {
                print("    \(section.kind.uppercased()): \(section.text.replacingOccurrences(of: "\n", with: " "))")
            }
            if report.removedVersion == nil, let labels = try store.labels(reportID: report.id) {
                let mentioned = labels.aggregate.mentioned.map { "\($0.0.rawValue) \($0.1.chexpertValue.map(String.init) ?? "")" }
                print("    labels (\(labels.labelerVersion)): \(mentioned.isEmpty ? "none mentioned" : mentioned.joined(separator: "; "))")
            }
            let terms = report.terms.map { $0.isMajor ? $0.term : "(\($0.term))" }
            if !terms.isEmpty { print("    MeSH: \(terms.joined(separator: "; "))") }
        }
        for image in study.images {
            let state = image.removedVersion.map { "removed in \($0)" } ?? "live"
            print("  image \(image.partName) [\(image.format) \(image.width)×\(image.height) \(image.bitsPerSample)-bit \(image.photometric)\(image.view.map { " " + $0 } ?? "")] v\(image.addedVersion) \(state)")
        }
        if !study.awaitedImages.isEmpty { print("  awaiting images: \(study.awaitedImages.joined(separator: ", "))") }
    }

    /// The reports as they arrived: only for the user who owns the store (the originals hold the
    /// identifiers everything else has scrubbed).
    private func printOriginals(_ study: StudyDetail, store: CorpusStore) throws {
        var info = stat()
        guard stat(store.layout.root.path, &info) == 0, info.st_uid == getuid() else {
            printError("m3clip show --raw: only the owner of \(store.layout.root.path) may print original reports")
            throw ExitCode.failure
        }
        for report in study.reports {
            guard let hash = ContentHash(hex: report.sha256) else { continue }
            print("==> \(report.partName) (\(report.removedVersion == nil ? "live" : "removed"), sha256 \(report.sha256.prefix(12))…)")
            print(String(decoding: try store.blobs.read(hash), as: UTF8.self))
        }
    }
}
