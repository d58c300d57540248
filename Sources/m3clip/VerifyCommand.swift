import ArgumentParser
import Foundation
import Store

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the store: SQLite integrity, foreign keys, and that every blob a row names is on disk.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        let configuration = try options.loadConfiguration()
        let store = try options.openStore(configuration)
        let problems = try store.verify()
        guard problems.isEmpty else {
            for problem in problems { printError("m3clip verify: \(problem)") }
            throw ExitCode.failure
        }
        let counts = try store.counts()
        print("store ok: version \(counts.version), \(counts.studies) studies, \(counts.reports) reports, \(counts.images) images")
    }
}
