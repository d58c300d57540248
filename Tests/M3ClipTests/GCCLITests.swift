import Foundation
import Testing

/// `m3clip gc` through the real binary: old indexes go, the current and tagged ones and every
/// corpus version they need stay, `verify` passes after it, and a dry run deletes nothing.
@Suite(.serialized) struct GCCLITests {
    @Test func keepsWhatRetainedThingsNeedAndDeletesTheRest() throws {
        let config = TrainCLITests.trainingConfig(enabled: false) + "\n[retention]\nversions = 1\nindexes = 1\nmodels = 1\n"
        let cli = try TrainCLITests.storeWithPhantoms(studies: 8, extraConfig: config)
        #expect(try cli.run(["train", "--steps", "1"]).status == 0)
        let indexes = cli.root.appendingPathComponent("Store/indexes")
        let tagged = try FileManager.default.destinationOfSymbolicLink(atPath: indexes.appendingPathComponent("current").path)
        #expect(try cli.run(["index", "tag", tagged, "keep"]).status == 0)
        let unused = try cli.run(["publish", "--no-switch"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // A corrected report replaces one stored in version 1 (which the tagged index needs).
        let staged = cli.root.appendingPathComponent("staged")
        let key = try #require(try FileManager.default.contentsOfDirectory(atPath: staged.path).sorted().first { !$0.hasPrefix(".") })
        try "FINDINGS: Corrected: large right pleural effusion.".write(to: staged.appendingPathComponent("\(key)/report.txt"), atomically: true, encoding: .utf8)
        #expect(try cli.run(["ingest", staged.appendingPathComponent(key).path]).status == 0)
        let current = try cli.run(["publish"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Set([tagged, unused, current]).count == 3)

        let dry = try #require(try cli.json(try cli.run(["gc", "--dry-run", "--json"]).stdout) as? [String: Any])
        #expect(dry["dryRun"] as? Bool == true)
        #expect(dry["indexes"] as? [String] == [unused])
        #expect(FileManager.default.fileExists(atPath: indexes.appendingPathComponent(unused).path))

        let done = try cli.run(["gc"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("deleted"))
        #expect(!FileManager.default.fileExists(atPath: indexes.appendingPathComponent(unused).path))
        for kept in [tagged, current] { #expect(FileManager.default.fileExists(atPath: indexes.appendingPathComponent(kept).path)) }
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        // The tagged index's version (1) still holds the replaced report: training as of it works.
        let report = try #require(try cli.json(try cli.run(["gc", "--json"]).stdout) as? [String: Any])
        #expect((report["retainedVersions"] as? [Int])?.contains(1) == true)
        #expect(try cli.run(["search", "effusion", "--index", "keep", "--k", "2"]).status == 0)
    }
}
