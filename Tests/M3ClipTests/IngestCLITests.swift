import Foundation
import Formats
import Testing

@Suite struct IngestCLITests {
    @Test func ingestsThenListsVersionsAndShowsAStudy() throws {
        let cli = try CLIRunner()
        try cli.write("st-1/report.txt", "FINDINGS: Small left pleural effusion.\nIMPRESSION: Effusion.")
        try cli.write("st-1/pa.png", Data(try PNGEncoder.encodeGray16(Array(repeating: 1_000, count: 64), width: 8, height: 8)))
        try cli.write("bad.txt", Data([0xC3, 0x28]))
        let ingest = try cli.run(["ingest", "--json", cli.inbox.appendingPathComponent("st-1").path, cli.inbox.appendingPathComponent("bad.txt").path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let summary = try #require(try cli.json(ingest.stdout) as? [String: Any])
        let commit = try #require(summary["commit"] as? [String: Any])
        #expect(commit["version"] as? Int == 1 && commit["reportsAdded"] as? Int == 1 && commit["imagesAdded"] as? Int == 1)
        #expect((summary["quarantined"] as? [Any])?.count == 1)

        let versions = try cli.run(["versions", "--json"])
        let list = try #require(try cli.json(versions.stdout) as? [[String: Any]])
        #expect(list.count == 1 && list[0]["id"] as? Int == 1 && list[0]["quarantined"] as? Int == 1)

        let show = try cli.run(["show", "st-1"])
        #expect(show.status == 0 && show.stdout.contains("FINDINGS: Small left pleural effusion.") && show.stdout.contains("8×8 16-bit"))
        let showJSON = try #require(try cli.json(cli.run(["show", "st-1", "--json"]).stdout) as? [String: Any])
        #expect(showJSON["key"] as? String == "st-1")
        #expect(try cli.run(["show", "nope"]).status == 1)

        let quarantine = try #require(try cli.json(cli.run(["quarantine", "list", "--json"]).stdout) as? [[String: Any]])
        #expect(quarantine.first?["code"] as? String == "invalid-utf8")
        #expect(try cli.run(["quarantine", "list"]).stdout.contains("invalid-utf8"))
    }

    @Test func takesNamesWithSpacesUnicodeAndALeadingDash() throws {
        let cli = try CLIRunner()
        try cli.write("-dash.txt", "IMPRESSION: Normal.")
        try cli.write("spaced name é.txt", "IMPRESSION: Normal too.")
        let result = try cli.run(["ingest", "--", "-dash.txt", "spaced name é.txt"], currentDirectory: cli.inbox)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("reports 2"))
        #expect(try cli.run(["show", "--", "-dash"]).stdout.contains("Normal."))
    }

    @Test func aBrokenConfigurationExitsFourNamingTheKey() throws {
        let cli = try CLIRunner(extraConfig: "[ingest]\nbatch_max_filez = 1")
        let result = try cli.run(["versions"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("ingest.batch_max_filez"))
        let check = try CLIRunner().run(["config", "check"])
        #expect(check.status == 0 && check.stdout.contains("is valid"))
    }

    @Test func aStoreFailureExitsNonZero() throws {
        let cli = try CLIRunner(extraConfig: "")
        // The store path is a file, not a folder: the store cannot open.
        try Data("x".utf8).write(to: cli.root.appendingPathComponent("Store"))
        try cli.write("a.txt", "IMPRESSION: Normal.")
        let result = try cli.run(["ingest", cli.inbox.appendingPathComponent("a.txt").path])
        #expect(result.status == 1)
        #expect(!result.stderr.isEmpty)
    }
}
