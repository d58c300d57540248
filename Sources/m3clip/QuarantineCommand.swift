import ArgumentParser
import Foundation
import Store

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Inspect files that could not be taken.",
        subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List quarantine entries, oldest first.")

        @OptionGroup var options: CommonOptions

        @Flag(name: .long, help: "Print one JSON array.")
        var json = false

        func run() throws {
            let configuration = try options.loadConfiguration()
            let store = try options.openStore(configuration)
            let entries = Quarantine(layout: store.layout).list()
            if json {
                try printJSON(entries)
                return
            }
            guard !entries.isEmpty else {
                print("quarantine is empty")
                return
            }
            for entry in entries {
                print("\(entry.id)  \(entry.code)  \(entry.originalPath)")
                print("    \(entry.stage)\(entry.decoder.map { "/" + $0 } ?? ""): \(entry.reason)")
            }
        }
    }
}
