import Foundation
import Formats
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The daemon through the real binary, on a temporary inbox and store. Serialized: each starts a
/// process and waits on the clock.
@Suite(.serialized) struct DaemonTests {
    static let fastConfig = """
        [inbox]
        path = "../Inbox"
        settle_seconds = 0.6
        rescan_seconds = 1
        [store]
        path = "../Store"
        [ingest]
        batch_max_files = 50
        [training]
        enabled = false
        [api]
        bind = "127.0.0.1:0"
        """

    static func makeCLI(_ config: String = fastConfig) throws -> CLIRunner {
        let cli = try CLIRunner()
        try config.write(to: cli.configPath, atomically: true, encoding: .utf8)
        return cli
    }

    @Test func takesRenamedFoldersSlowWritesAndABurstExactlyOnce() throws {
        let cli = try Self.makeCLI()
        try "# Inbox\n".write(to: cli.inbox.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(cli)
        try cli.renameIn("folder-study", files: ["report.txt": Data("FINDINGS: Small right effusion.".utf8),
                                                 "pa.jpg": try JPEGEncoder.encode(grey: Array(repeating: 70, count: 256), width: 16, height: 16)])

        // A file written in place in chunks, each gap shorter than settle_seconds, total longer.
        // (Created with open(2): FileManager.createFile writes a temp file and renames it in.)
        let slow = cli.inbox.appendingPathComponent("slow.txt")
        let fd = open(slow.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        for chunk in ["FINDINGS: The heart ", "is mildly enlarged. ", "No pneumothorax.\n"] {
            let bytes = Array(chunk.utf8)
            #expect(write(fd, bytes, bytes.count) == bytes.count)
            usleep(400_000)
        }
        close(fd)

        // 500 files dropped at once (each renamed in).
        let stage = cli.inbox.appendingPathComponent(".stage")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        for index in 0..<500 { try Data("IMPRESSION: Burst report \(index).".utf8).write(to: stage.appendingPathComponent("b\(index).txt")) }
        for index in 0..<500 {
            try FileManager.default.moveItem(at: stage.appendingPathComponent("b\(index).txt"), to: cli.inbox.appendingPathComponent("b\(index).txt"))
        }
        try waitFor("the inbox to empty", timeout: 60) { cli.inboxEntries().isEmpty }
        try waitFor("502 reports", timeout: 10) { try cli.storedReports() == 502 }
        let slowStudy = try cli.run(["show", "slow"])
        #expect(slowStudy.stdout.contains("FINDINGS: The heart is mildly enlarged. No pneumothorax."), "\(slowStudy.stdout)\(slowStudy.stderr)")
        #expect(try cli.run(["show", "folder-study"]).stdout.contains("16×16"))
        #expect(try cli.quarantineCount() == 0)
        #expect(try cli.run(["verify"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.inbox.appendingPathComponent("README.md").path), "the inbox's README stays")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func killNineMidBatchLosesAndDuplicatesNothing() throws {
        let cli = try Self.makeCLI(Self.fastConfig.replacingOccurrences(of: "batch_max_files = 50", with: "batch_max_files = 20"))
        let total = 400
        let stage = cli.inbox.appendingPathComponent(".stage")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        for index in 0..<total {
            try Data("FINDINGS: Study \(index) has no acute findings.".utf8).write(to: stage.appendingPathComponent("k\(index).txt"))
        }
        try Data([0xFF, 0xFE]).write(to: stage.appendingPathComponent("bad.txt"))
        var daemon = try DaemonProcess(cli)
        for name in try FileManager.default.contentsOfDirectory(atPath: stage.path) {
            try FileManager.default.moveItem(at: stage.appendingPathComponent(name), to: cli.inbox.appendingPathComponent(name))
        }
        try waitFor("a first batch", timeout: 30) { try cli.storedReports() > 0 }
        daemon.signal(SIGKILL)
        _ = try daemon.waitForExit()
        #expect(cli.inboxEntries().count > 0, "the kill should land before the inbox is empty")

        daemon = try DaemonProcess(cli)
        try waitFor("the inbox to empty", timeout: 60) { cli.inboxEntries().isEmpty }
        #expect(try cli.storedReports() == total)
        #expect(try cli.quarantineCount() == 1)
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func pausedFilesWaitAndResumedFilesAreTaken() throws {
        let cli = try Self.makeCLI()
        let daemon = try DaemonProcess(cli)
        #expect(try daemon.ctl("pause").status == 0)
        #expect(try daemon.status()["state"] as? String == "paused")
        try cli.renameIn("waiting", files: ["report.txt": Data("IMPRESSION: Normal.".utf8)])
        usleep(2_000_000)
        #expect(cli.inboxEntries() == ["waiting"])
        #expect(try daemon.ctl("resume").status == 0)
        try waitFor("the study to be taken", timeout: 20) { cli.inboxEntries().isEmpty }
        #expect(try cli.storedReports() == 1)
        #expect(try daemon.ctl("stop").status == 0)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func sighupKeepsABrokenConfigAndAppliesAValidOne() throws {
        let cli = try Self.makeCLI()
        let daemon = try DaemonProcess(cli)
        let hash = try daemon.status()["configHash"] as? String
        try "[inbox]\nsettle_seconds = \"soon\"\n".write(to: cli.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try waitFor("the reload error", timeout: 10) { (try daemon.status()["lastError"] as? String)?.contains("inbox.settle_seconds") == true }
        #expect(try daemon.status()["configHash"] as? String == hash)
        #expect(try daemon.ctl("reload").status == 1)

        try Self.fastConfig.replacingOccurrences(of: "rescan_seconds = 1", with: "rescan_seconds = 7")
            .write(to: cli.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try waitFor("the new configuration", timeout: 10) { try daemon.status()["configHash"] as? String != hash }
        // Still running and still taking files.
        try cli.renameIn("after-reload", files: ["report.txt": Data("IMPRESSION: Normal.".utf8)])
        try waitFor("the study to be taken", timeout: 20) { cli.inboxEntries().isEmpty }
        daemon.signal(SIGINT)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func theSocketIsPrivateAndCtlKnowsWhenNoDaemonRuns() throws {
        let cli = try Self.makeCLI()
        #expect(try cli.run(["ctl", "status"]).status == 3)
        let daemon = try DaemonProcess(cli)
        var info = stat()
        #expect(lstat(cli.root.appendingPathComponent("Store/run/ctl.sock").path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        // A second daemon on the same store refuses to start.
        let second = try cli.run(["daemon"])
        #expect(second.status == 1 && second.stderr.contains("another m3clip daemon"))
        #expect(try daemon.ctl("frobnicate").status == 1)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        #expect(try cli.run(["ctl", "status"]).status == 3)
        let broken = try Self.makeCLI("[control]\nsocket_mode = 600\n")
        #expect(try broken.run(["ctl", "status"]).status == 4)
    }

    @Test func badFilesGoToQuarantineWhileGoodOnesAreTakenAndRetryWorks() throws {
        let cli = try Self.makeCLI()
        let daemon = try DaemonProcess(cli)
        let png = Data(try PNGEncoder.encodeGray16(Array(repeating: 500, count: 256), width: 16, height: 16))
        let bad: [String: Data] = [
            "empty.txt": Data(), "latin1.txt": Data([0x63, 0x61, 0x66, 0xE9]), "broken.xml": Data("<eCitation>".utf8),
            "truncated.png": png.prefix(40), "notpng.png": Data("plain text".utf8),
        ]
        for (name, data) in bad { try cli.renameIn("bad-\(name)", files: [name: data]) }
        try cli.renameIn("good", files: ["report.txt": Data("IMPRESSION: Normal.".utf8), "pa.png": png])
        try FileManager.default.createSymbolicLink(atPath: cli.inbox.appendingPathComponent("link.txt").path, withDestinationPath: "/etc/hostname")
        try waitFor("the inbox to empty", timeout: 30) { cli.inboxEntries().isEmpty }
        #expect(try cli.storedReports() == 1)
        #expect(try cli.quarantineCount() == bad.count + 1)
        // Retry puts copies back; they fail again and return to quarantine (once each).
        #expect(try daemon.ctl("quarantine", "retry", "--all").status == 0)
        try waitFor("the retried files to be processed", timeout: 30) { try cli.inboxEntries().isEmpty && cli.quarantineCount() == bad.count + 1 }
        #expect(try daemon.ctl("quarantine", "purge", "--all").status == 0)
        #expect(try cli.quarantineCount() == 0)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }
}
