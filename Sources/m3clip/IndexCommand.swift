import ArgumentParser
import Daemon
import Foundation
import Index
import Store

/// `m3clip index list|show|rollback|tag`: the published indexes.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "List, show, roll back or tag published indexes.",
        subcommands: [List.self, Show.self, Rollback.self, Tag.self], defaultSubcommand: List.self)

    static func directory(_ options: CommonOptions) throws -> IndexDirectory {
        IndexDirectory(store: try options.loadConfiguration().store.path)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Published indexes, oldest first; * marks current.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let indexes = try IndexCommand.directory(options)
            let current = try indexes.currentID()
            let manifests = try indexes.ids().map { try indexes.manifest(of: $0) }
            if json { try printJSON(manifests); return }
            guard !manifests.isEmpty else { print("no published index yet (m3clip publish)"); return }
            for m in manifests {
                print("\(m.id == current ? "*" : " ") \(m.id)  model \(m.modelID)  corpus \(m.corpusVersion)  "
                    + "images \(m.count(of: .image))  texts \(m.count(of: .text))  \(m.dtype.rawValue)  \(m.createdAt)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One index's manifest (default: current).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Index id, tag, or current.") var id: String = "current"

        func run() throws {
            let indexes = try IndexCommand.directory(options)
            try failing("index show") { try printJSON(try indexes.manifest(of: try indexes.resolve(id))) }
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point current back at the previous index (or at ID).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Index id (default: the one before current).") var id: String?

        func run() throws {
            try failing("index rollback") { print("current → \(try IndexCommand.directory(options).rollback(to: id))") }
        }
    }

    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name an index (tagged indexes are kept by GC).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Index id.") var id: String
        @Argument(help: "Tag name.") var name: String

        func run() throws {
            try failing("index tag") { try IndexCommand.directory(options).tag(id, as: name) }
        }
    }
}
