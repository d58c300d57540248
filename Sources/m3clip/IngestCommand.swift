import ArgumentParser
import Daemon
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Store

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take files or study folders into the store as one new corpus version.",
        discussion: """
            A folder is one study (a report plus its images); a loose file is its own study; an Open-i XML \
            pulls in the images it names. Identical bytes are stored once. Anything that cannot be taken is \
            copied to the store's quarantine with a reason and reported; the rest still lands. Exits non-zero \
            only when the store itself fails. Use -- before paths that begin with a dash.
            """)

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Print the summary as one JSON object.")
    var json = false

    @Argument(help: "Files or study folders.", completion: .file())
    var paths: [String]

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        let ingestor = try Ingestor(configuration: configuration, store: store)
        let outcome: IngestOutcome
        do {
            let showProgress = isatty(STDERR_FILENO) == 1
            outcome = try ingestor.ingest(paths.map { URL(fileURLWithPath: $0) }, note: "m3clip ingest") { done, total in
                guard showProgress else { return }
                FileHandle.standardError.write(Data("\r  read \(done)/\(total) studies".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        } catch {
            printError("m3clip ingest: store failure: \(error)")
            throw ExitCode.failure
        }
        if json {
            try printJSON(outcome)
            return
        }
        let commit = outcome.commit
        let version = commit.version.map { "version \($0)" } ?? "no new version (nothing new)"
        print("ingested \(outcome.studiesSeen) studies → \(version)")
        print("  studies added \(commit.studiesAdded), updated \(commit.studiesUpdated); reports \(commit.reportsAdded); images \(commit.imagesAdded)")
        print("  duplicates \(commit.duplicates); quarantined \(outcome.quarantined.count); skipped \(outcome.skipped.count)")
        for entry in outcome.quarantined {
            print("  quarantined \(entry.originalPath): \(entry.reason) [\(entry.code)] → \(entry.id)")
        }
    }
}
