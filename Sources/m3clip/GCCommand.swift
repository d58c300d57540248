import ArgumentParser
import Daemon
import Foundation
import Store

/// `m3clip gc`: delete what no retained corpus version, index or model needs (`[retention]`).
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete what no retained corpus version, index or model needs ([retention]).",
        discussion: """
            Keeps the newest [retention] versions corpus versions, tagged versions and the versions of \
            kept models and indexes; the current, tagged and newest [retention] indexes indexes; the \
            current model, the models of kept indexes and the newest [retention] models models. Rows \
            first, then files: an interrupted gc leaves only unreferenced files, which the next one \
            deletes. Safe while the daemon runs (ingest waits); `m3clip ctl gc` does the same inside it.
            """)

    @OptionGroup var options: CommonOptions

    @Flag(help: "Report what would be deleted; delete nothing.") var dryRun = false
    @Flag(help: "Print the report as JSON.") var json = false

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        try failing("gc") {
            let report = try GarbageCollector(store: store, retention: configuration.retention).collect(dryRun: dryRun)
            if json { try printJSON(report) } else { print(report.summary) }
        }
    }
}
