import Foundation
import Formats
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real full disk: the store on a small tmpfs. Ingest fills it, pauses with "disk full" in
/// `ctl status` while control keeps answering, loses nothing, and resumes once space is freed (the
/// tmpfs remounted larger). Skipped, with the reason printed, where tmpfs cannot be mounted (no
/// CAP_SYS_ADMIN).
@Suite struct FullDiskTests {
    @Test func ingestPausesOnAFullDiskAndResumesWhenSpaceIsFreed() throws {
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-tmpfs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: mountPoint) }
        let mounted = Self.shell("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint.path])
        guard mounted.status == 0 else {
            print("FullDiskTests skipped: cannot mount a tmpfs here (\(mounted.output.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = Self.shell("/usr/bin/umount", ["-l", mountPoint.path]) }

        let cli = try DaemonTests.makeCLI(DaemonTests.fastConfig.replacingOccurrences(
            of: "path = \"../Store\"", with: "path = \"\(mountPoint.appendingPathComponent("Store").path)\""))
        let daemon = try DaemonProcess(cli)
        // 40 incompressible 16-bit radiographs of 128 KB: 5 MB, more than the 3 MB disk holds.
        var generator = SystemRandomNumberGenerator()
        let count = 40
        for index in 0..<count {
            let pixels = (0..<(256 * 256)).map { _ in UInt16.random(in: 0...UInt16.max, using: &generator) }
            try cli.renameIn("s\(index)", files: ["pa.png": Data(try PNGEncoder.encodeGray16(pixels, width: 256, height: 256)),
                                                 "report.txt": Data("FINDINGS: Study \(index) is normal.".utf8)])
        }
        var status = ""
        try waitFor("ingest to pause on the full disk", timeout: 60) {
            status = (try daemon.status()["ingest"] as? String) ?? ""
            return status.hasPrefix("paused: disk full")
        }
        #expect(!cli.inboxEntries().isEmpty, "what the disk cannot hold waits in the inbox")
        // Control keeps serving while ingest is paused.
        #expect(try daemon.ctl("status").status == 0)
        #expect(try daemon.ctl("versions").status == 0)

        let remounted = Self.shell("/usr/bin/mount", ["-o", "remount,size=64m", mountPoint.path])
        #expect(remounted.status == 0, "\(remounted.output)")
        try waitFor("ingest to resume and drain the inbox", timeout: 120) { cli.inboxEntries().isEmpty }
        try waitFor("ingest to report ok", timeout: 10) { (try daemon.status()["ingest"] as? String) == "ok" }
        #expect(try cli.storedReports() == count, "every study stored once: nothing lost, nothing twice")
        #expect(try cli.quarantineCount() == 0)
        #expect(try cli.run(["verify"]).status == 0)
        print("FullDiskTests: paused with \"\(status)\"")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    static func shell(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (-1, "\(path) could not run") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
