import Foundation
import Testing

/// Injected store faults (M3CLIP_STORE_FAULTS) through the real daemon: each aborts its batch
/// whole — no corpus version, the files stay in the inbox —, `ctl status` says why and when it
/// retries, and ingest resumes by itself once the fault clears.
@Suite struct StoreFaultTests {
    @Test(arguments: [
        ("sqlite.commit@1x2=ENOSPC", "paused: disk full"),
        ("blob.write@1x2=EIO", "paused: store failure"),
        ("blob.fsync@1x2=EIO", "paused: store failure"),
        ("blob.rename@1x2=ENOSPC", "paused: disk full"),
        ("dir.fsync@1x2=EIO", "paused: store failure"),
    ])
    func aFailedBatchLeavesNothingHalfDoneAndIngestResumes(plan: String, status: String) throws {
        let cli = try DaemonTests.makeCLI()
        let daemon = try DaemonProcess(cli, environment: ["M3CLIP_STORE_FAULTS": plan])
        for index in 0..<5 {
            try cli.renameIn("s\(index)", files: ["report.txt": Data("FINDINGS: Study \(index) shows a small left effusion.".utf8)])
        }
        var seen = ""
        try waitFor("ctl status to report the fault", timeout: 20) {
            seen = (try daemon.status()["ingest"] as? String) ?? ""
            return seen.hasPrefix(status)
        }
        #expect(seen.contains("(injected)") && seen.contains("attempt "), "\(seen)")
        #expect(cli.inboxEntries().count == 5, "the files stay in the inbox while the store fails")
        let versions = try daemon.ctl("versions")
        #expect(versions.stdout.contains("no corpus versions yet"), "a failed batch leaves no version: \(versions.stdout)")

        // Two failures (backoff 1 s, then 2 s), then the fault has cleared.
        try waitFor("ingest to resume", timeout: 30) { cli.inboxEntries().isEmpty }
        #expect((try daemon.status()["ingest"] as? String) == "ok")
        #expect(try cli.storedReports() == 5)
        #expect(try cli.quarantineCount() == 0)
        #expect(try cli.run(["verify"]).status == 0)
        #expect(try daemon.ctl("versions").stdout.split(separator: "\n").count == 1, "one version for the batch, not a half one per attempt")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }
}
