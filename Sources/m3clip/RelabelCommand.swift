import ArgumentParser
import Foundation
import Radiology
import Store

struct RelabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relabel",
        abstract: "Recompute the CheXpert labels of stored English reports (after a lexicon change) as a new corpus version.",
        discussion: "Only reports labeled by another labeler version are relabeled, unless --force.")

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Relabel every live English report, even those labeled by this labeler version.")
    var force = false

    @Flag(name: .long, help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        let labeler = try Labeler()
        let result = try store.relabel(labelerVersion: Labeler.version, force: force) { labeler.labelReport($0) }
        if json {
            try printJSON(result)
        } else if let version = result.version {
            print("relabeled \(result.reportsRelabeled) reports with \(Labeler.version) → version \(version) (\(result.reportsUnchanged) already current)")
        } else {
            print("all \(result.reportsUnchanged) English reports are already labeled by \(Labeler.version); nothing to do")
        }
    }
}
