import ArgumentParser
import Foundation
import Store

struct VersionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions",
        abstract: "List corpus versions (number, time, what each added, tags); tag one with --tag.")

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Print one JSON array.")
    var json = false

    @Option(name: .long, help: "Tag a version: NAME=VERSION (e.g. release-1=12). Tagged versions are kept by GC.")
    var tag: String?

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        if let tag {
            let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let version = Int(parts[1]) else {
                throw ValidationError("--tag takes NAME=VERSION, e.g. release-1=12")
            }
            do {
                try store.tag(parts[0], version: version)
            } catch {
                printError("m3clip versions: \(error)")
                throw ExitCode.failure
            }
        }
        let versions = try store.versions()
        if json {
            try printJSON(versions)
            return
        }
        guard !versions.isEmpty else {
            print("no corpus versions yet (the store is empty)")
            return
        }
        print("version  created                    kind      studies  reports  images  removed  dup  quar  tags")
        for version in versions {
            let columns = [
                pad(String(version.id), 7), pad(version.createdAt, 26), pad(version.kind, 8),
                pad(String(version.studiesAdded), 7), pad(String(version.reportsAdded), 7), pad(String(version.imagesAdded), 6),
                pad(String(version.rowsRemoved), 7), pad(String(version.duplicates), 3), pad(String(version.quarantined), 4),
                version.tags.joined(separator: ","),
            ]
            print(columns.joined(separator: "  "))
        }
    }
}
