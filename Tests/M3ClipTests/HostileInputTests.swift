import Foundation
import Formats
import Store
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile input and users through the real daemon binary (issue 15): links out of the inbox,
/// names the file system allows but nothing else expects, FIFOs and device nodes, a file rewritten
/// under the reader, and everything that can reach the control socket. Serialized: each test
/// starts daemons and waits on the clock.
@Suite(.serialized) struct HostileInputTests {
    // MARK: links

    @Test func linksToFilesOutsideTheInboxNeverTouchTheOutside() throws {
        let cli = try DaemonTests.makeCLI()
        let outside = cli.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside.appendingPathComponent("folder"), withIntermediateDirectories: true)
        let texts = [
            "hard.txt": "FINDINGS: A report outside the inbox, hard-linked into it.",
            "deep.txt": "IMPRESSION: Another outside report, hard-linked into a study folder.",
            "soft.txt": "FINDINGS: The outside target of a symbolic link.",
            "folder/report.txt": "FINDINGS: An outside folder behind a symbolic link.",
        ]
        for (name, text) in texts { try text.write(to: outside.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let film = Data(try PNGEncoder.encodeGray16(Array(repeating: 700, count: 64), width: 8, height: 8))
        try film.write(to: outside.appendingPathComponent("film.png"))
        let daemon = try DaemonProcess(cli)

        // Hard links: the daemon cannot tell one from a file, so it reads it; removing it from the
        // inbox must only remove the inbox's name.
        #expect(link(outside.appendingPathComponent("hard.txt").path, cli.inbox.appendingPathComponent("hard.txt").path) == 0)
        let linked = cli.inbox.appendingPathComponent(".stage/linked-study")
        try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
        #expect(link(outside.appendingPathComponent("deep.txt").path, linked.appendingPathComponent("report.txt").path) == 0)
        // Symbolic links: to a file, to a folder, and one inside a study folder beside its report.
        let mixed = cli.inbox.appendingPathComponent(".stage/mixed")
        try FileManager.default.createDirectory(at: mixed, withIntermediateDirectories: true)
        try "IMPRESSION: Normal.".write(to: mixed.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        #expect(symlink(outside.appendingPathComponent("film.png").path, mixed.appendingPathComponent("film.png").path) == 0)
        #expect(symlink(outside.appendingPathComponent("soft.txt").path, cli.inbox.appendingPathComponent("soft.txt").path) == 0)
        #expect(symlink(outside.appendingPathComponent("folder").path, cli.inbox.appendingPathComponent("soft-folder").path) == 0)
        for name in ["linked-study", "mixed"] {
            try FileManager.default.moveItem(at: cli.inbox.appendingPathComponent(".stage/\(name)"), to: cli.inbox.appendingPathComponent(name))
        }
        try waitFor("the inbox to empty", timeout: 20) { cli.inboxEntries().isEmpty }

        // The outside is as it was: every file there, with its bytes, and one name again.
        for (name, text) in texts {
            #expect((try? String(contentsOf: outside.appendingPathComponent(name), encoding: .utf8)) == text, "\(name)")
        }
        #expect((try? Data(contentsOf: outside.appendingPathComponent("film.png"))) == film)
        for name in ["hard.txt", "deep.txt"] {
            var info = stat()
            #expect(stat(outside.appendingPathComponent(name).path, &info) == 0 && info.st_nlink == 1, "\(name) keeps its outside name")
        }
        // What the hard links named was taken; nothing behind a symlink was.
        #expect(try cli.run(["show", "hard"]).stdout.contains("A report outside the inbox"))
        #expect(try cli.run(["show", "linked-study"]).stdout.contains("Another outside report"))
        let mixedStudy = try cli.run(["show", "mixed"])
        #expect(mixedStudy.status == 0 && !mixedStudy.stdout.contains("image "), "\(mixedStudy.stdout)")
        #expect(try cli.run(["show", "soft"]).status == 1)
        #expect(try cli.run(["show", "soft-folder"]).status == 1)
        let entries = try Self.quarantine(cli)
        #expect(Set(entries.map { $0["name"] as? String ?? "" }) == ["soft.txt", "soft-folder", "film.png"])
        for entry in entries {
            #expect(entry["code"] as? String == "symlink" && entry["copied"] as? Bool == false, "\(entry)")
        }
        let outsideBytes = Set(texts.values.map { Data($0.utf8) } + [film])
        for file in Self.files(under: cli.root.appendingPathComponent("Store/quarantine")) {
            #expect(!outsideBytes.contains((try? Data(contentsOf: file)) ?? Data()), "\(file.path) holds an outside file's bytes")
        }

        // The store holds its own copy: rewriting the outside file in place (same inode) changes
        // nothing stored.
        let fd = open(outside.appendingPathComponent("hard.txt").path, O_WRONLY | O_TRUNC)
        let replacement = Array("FINDINGS: rewritten outside.".utf8)
        #expect(fd >= 0 && write(fd, replacement, replacement.count) == replacement.count)
        close(fd)
        #expect(try cli.run(["verify"]).status == 0)
        #expect(try cli.run(["show", "--raw", "hard"]).stdout.contains(texts["hard.txt"]!))
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    // MARK: names

    @Test func oddNamesAreTakenOrQuarantinedAndNeverLeaveTheQuarantine() throws {
        let cli = try DaemonTests.makeCLI()
        let daemon = try DaemonProcess(cli)
        let longName = String(repeating: "n", count: 240) + ".txt"
        // A loose file, or a study folder's report where the name has a folder; the study key each gets.
        let files: [(name: String, text: String, key: String)] = [
            ("a..b.txt", "IMPRESSION: Dots inside the name.", "a..b"),
            ("trailing..txt", "IMPRESSION: Dots before the extension.", "trailing."),
            ("line\nbreak.txt", "IMPRESSION: A newline in the name.", "line\nbreak"),
            ("tab\tand\\backslash.txt", "IMPRESSION: A tab and a backslash.", "tab\tand\\backslash"),
            ("x..y/report.txt", "IMPRESSION: A study folder with dots.", "x..y"),
            ("new\nline/report.txt", "IMPRESSION: A study folder with a newline.", "new\nline"),
            ("forged\n2026-01-01T00:00:00+0000 critical m3clip: FORGED.txt", "IMPRESSION: A name that writes a log line.",
             "forged\n2026-01-01T00:00:00+0000 critical m3clip: FORGED"),
            (longName, "", String(longName.dropLast(4))),   // empty: must be quarantined under its long name
        ]
        let stage = cli.inbox.appendingPathComponent(".stage")
        for file in files {
            let url = stage.appendingPathComponent(file.name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url)
        }
        // Names that are not UTF-8, made with the raw POSIX calls: loose, and inside a study folder.
        let badLoose: [UInt8] = Array("bad".utf8) + [0xFF] + Array("name.txt".utf8)
        try Self.createRaw(in: stage.path, name: badLoose, contents: "IMPRESSION: A name that is not UTF-8.")
        try FileManager.default.createDirectory(at: stage.appendingPathComponent("with-bad-file"), withIntermediateDirectories: true)
        try "IMPRESSION: The folder's own report.".write(to: stage.appendingPathComponent("with-bad-file/report.txt"), atomically: true, encoding: .utf8)
        try Self.createRaw(in: stage.appendingPathComponent("with-bad-file").path, name: Array("img".utf8) + [0xFE, 0x80] + Array(".txt".utf8),
                           contents: "IMPRESSION: Inside a folder, a name that is not UTF-8.")
        let named = Set(files.map { String($0.name.split(separator: "/")[0]) })
        for name in named.union(["with-bad-file"]) {
            try FileManager.default.moveItem(at: stage.appendingPathComponent(name), to: cli.inbox.appendingPathComponent(name))
        }
        try Self.renameRaw(from: stage.path, to: cli.inbox.path, name: badLoose)

        try waitFor("the UTF-8 names to leave the inbox", timeout: 20) { Set(cli.inboxEntries()).isDisjoint(with: named) }
        #expect(daemon.process.isRunning)
        #expect(try daemon.ctl("status").status == 0)

        // Each UTF-8 name was either stored under its key or quarantined under its name.
        let entries = try Self.quarantine(cli)
        let quarantinedNames = Set(entries.compactMap { $0["name"] as? String })
        for file in files {
            let name = String(file.name.split(separator: "/").last!)
            let stored = try cli.run(["show", "--", file.key]).status == 0
            #expect(stored != quarantinedNames.contains(name), "\(file.name.debugDescription): stored \(stored)")
        }
        #expect(entries.first { $0["name"] as? String == longName }?["code"] as? String == "empty-file")
        #expect(try cli.run(["show", "with-bad-file"]).stdout.contains("The folder's own report."))
        // Quarantine holds only `<id>/<file>`: no path component of a name escaped it.
        let quarantine = cli.root.appendingPathComponent("Store/quarantine")
        let ids = Set(entries.compactMap { $0["id"] as? String })
        for file in Self.files(under: quarantine) {
            let relative = file.path.dropFirst(quarantine.path.count + 1).split(separator: "/", omittingEmptySubsequences: false)
            #expect(relative.count == 2 && ids.contains(String(relative[0])), "\(file.path.debugDescription)")
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: cli.root.path).filter { !$0.hasPrefix("daemon-") })
                == ["Config", "Inbox", "Store"])

        // A name that is not UTF-8 is renamed in place to its escaped form (InboxNameRepair) and
        // taken like any other: loose, and inside a study folder. Nothing is left in the inbox.
        try waitFor("the names that are not UTF-8 to be taken", timeout: 20) {
            Self.rawNames(in: cli.inbox.path).allSatisfy { $0.first == UInt8(ascii: ".") }
        }
        #expect(try cli.run(["show", "bad%FFname"]).stdout.contains("A name that is not UTF-8."))
        let folderShown = try cli.run(["show", "with-bad-file"]).stdout
        #expect(folderShown.contains("Inside a folder, a name that is not UTF-8.") && folderShown.contains("img%FE%80.txt"), "\(folderShown)")
        #expect(daemon.logText.contains("renamed an inbox entry whose name is not UTF-8"))
        // A newline in a name is escaped in the log (EscapingLogHandler): it cannot forge a line.
        let forged = daemon.logText.split(separator: "\n").filter { $0.hasPrefix("2026-01-01T00:00:00+0000 critical") }
        #expect(forged.isEmpty, "\(forged)")
        #expect(daemon.logText.contains("forged\\n2026-01-01T00:00:00+0000 critical"), "the name appears escaped")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    // MARK: FIFOs and devices

    @Test func aFIFOAndADeviceNodeAreNeverOpenedAndTheDaemonStaysResponsive() throws {
        let cli = try DaemonTests.makeCLI()
        let daemon = try DaemonProcess(cli)
        let pipe = cli.inbox.appendingPathComponent("pipe.txt")
        #expect(mkfifo(pipe.path, 0o644) == 0)
        let stage = cli.inbox.appendingPathComponent(".stage/with-pipe")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        try "IMPRESSION: A study folder holding a FIFO.".write(to: stage.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        #expect(mkfifo(stage.appendingPathComponent("film.png").path, 0o644) == 0)
        try FileManager.default.moveItem(at: stage, to: cli.inbox.appendingPathComponent("with-pipe"))
        let innerPipe = cli.inbox.appendingPathComponent("with-pipe/film.png")
        var expected = ["pipe.txt": "not-a-file", "film.png": "not-a-file", "nested.xml": "malformed-xml"]
        var null = stat()
        if stat("/dev/null", &null) == 0, mknod(cli.inbox.appendingPathComponent("null.dcm").path, S_IFCHR | 0o644, null.st_rdev) == 0 {
            expected["null.dcm"] = "not-a-file"
        } else {
            print("HostileInputTests: no device node in the inbox (mknod: \(String(cString: strerror(errno))); needs CAP_MKNOD)")
        }
        let depth = 100_000
        try cli.write("nested.xml", "<eCitation>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</eCitation>")
        try cli.renameIn("good", files: ["report.txt": Data("IMPRESSION: Normal.".utf8)])

        try waitFor("the quarantine entries", timeout: 20) { try Self.quarantine(cli).count >= expected.count }
        let entries = try Self.quarantine(cli)
        #expect(Dictionary(entries.map { ($0["name"] as? String ?? "", $0["code"] as? String ?? "") }, uniquingKeysWith: { $0 + "," + $1 }) == expected)
        for entry in entries where entry["code"] as? String == "not-a-file" {
            #expect(entry["copied"] as? Bool == false, "\(entry)")
        }
        try waitFor("the good study", timeout: 10) { try cli.run(["show", "good"]).status == 0 }
        #expect(try cli.run(["show", "with-pipe"]).stdout.contains("A study folder holding a FIFO."))

        // While the FIFOs sit in the inbox (and rescans pass over them), nobody holds them open
        // for reading, and the daemon answers and takes new files.
        for round in 0..<3 {
            for fifo in [pipe, innerPipe] {
                let fd = open(fifo.path, O_WRONLY | O_NONBLOCK)
                let code = errno
                if fd >= 0 { close(fd) }
                #expect(fd < 0 && code == ENXIO, "round \(round): \(fifo.lastPathComponent) has a reader")
            }
            let started = Date()
            #expect(try daemon.ctl("status").status == 0)
            #expect(Date().timeIntervalSince(started) < 3, "ctl status took \(Date().timeIntervalSince(started)) s")
            try cli.renameIn("later-\(round)", files: ["report.txt": Data("IMPRESSION: Normal \(round).".utf8)])
            try waitFor("later-\(round)", timeout: 10) { try cli.run(["show", "later-\(round)"]).status == 0 }
            usleep(500_000)
        }
        #expect(try Self.quarantine(cli).count == expected.count, "a FIFO left in the inbox is quarantined once, not at every rescan")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    // MARK: a file rewritten under the reader

    /// Files written in place, then rewritten in place (truncate, three writes 0.15 s apart), the
    /// rewrites starting every 12.5 ms from 0.45 s to 0.74 s after the first write — around the
    /// moment they settle (0.6 s) and are read. Whatever the timing, the store must hold the first
    /// or the final bytes of each, never a mix or a prefix.
    @Test func aFileRewrittenInPlaceAroundItsSettleTimeIsNeverStoredTorn() throws {
        let cli = try DaemonTests.makeCLI()
        let daemon = try DaemonProcess(cli)
        let count = 24
        let filler = String(repeating: "The lungs are clear. ", count: 20)
        let first = (0..<count).map { Array("FINDINGS: First version \($0). \(filler)END-A\n".utf8) }
        let final = (0..<count).map { Array("IMPRESSION: Second version \($0). \(filler)\(filler)END-B\n".utf8) }
        let paths = (0..<count).map { cli.inbox.appendingPathComponent("rw\($0).txt").path }
        for index in 0..<count {
            let fd = open(paths[index], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(fd >= 0 && write(fd, first[index], first[index].count) == first[index].count)
            close(fd)
        }
        let written = Date()
        let writers = DispatchGroup()
        for index in 0..<count {
            writers.enter()
            // One thread each: the rewrites overlap, each on its own schedule.
            Thread {
                defer { writers.leave() }
                let wait = written.addingTimeInterval(0.45 + 0.0125 * Double(index)).timeIntervalSinceNow
                if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
                let fd = open(paths[index], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                guard fd >= 0 else { return }
                let bytes = final[index], third = bytes.count / 3
                for (offset, end) in [(0, third), (third, 2 * third), (2 * third, bytes.count)] {
                    _ = bytes[offset..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    if end < bytes.count { usleep(150_000) }
                }
                close(fd)
            }.start()
        }
        writers.wait()
        try waitFor("the inbox to empty", timeout: 20) { cli.inboxEntries().isEmpty }

        var history: [String] = []
        for index in 0..<count {
            let allowed = [ContentHash(of: first[index]).hex, ContentHash(of: final[index]).hex]
            let study = try #require(try cli.json(cli.run(["show", "--json", "rw\(index)"]).stdout) as? [String: Any], "rw\(index) stored")
            let reports = study["reports"] as? [[String: Any]] ?? []
            #expect(reports.filter { $0["removedVersion"] == nil || $0["removedVersion"] is NSNull }.count == 1, "rw\(index): one live report")
            for report in reports {
                let hash = report["sha256"] as? String ?? ""
                let live = report["removedVersion"] == nil || report["removedVersion"] is NSNull
                history.append("rw\(index) \(hash == allowed[0] ? "first" : hash == allowed[1] ? "final" : "TORN") v\(report["addedVersion"] ?? "?")\(live ? " live" : "")")
            }
        }
        // A rewrite that starts between the scan that found the file settled and the read would
        // store a prefix (or quarantine the empty file right after the truncation): the reader
        // checks the settled signature again after reading, and leaves a changed file to settle.
        let quarantined = try Self.quarantine(cli)
        let torn = history.filter { $0.contains("TORN") }
        #expect(torn.isEmpty, "stored torn: \(torn)")
        #expect(quarantined.isEmpty, "a read of a half-rewritten file was quarantined: \(quarantined)")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    // MARK: the control socket

    @Test(.enabled(if: HostileInputTests.canRunAsNobody, "needs root and setpriv to run a ctl client as uid 65534"))
    func aCtlClientWithAnotherUidIsRefused() throws {
        // Mode 0600 (the default): the other uid cannot even connect.
        let privateCLI = try DaemonTests.makeCLI()
        let privateDaemon = try DaemonProcess(privateCLI)
        let denied = try Self.runAsNobody(["ctl", "status", "--config", privateDaemon.ctlConfig.path])
        #expect(denied.status == 3 && denied.stderr.contains("ermission denied"), "\(denied.status): \(denied.stderr)")
        privateDaemon.signal(SIGTERM)
        #expect(try privateDaemon.waitForExit() == 0)

        // Mode 0666: it connects, and SO_PEERCRED refuses it, whatever the verb.
        let cli = try DaemonTests.makeCLI(DaemonTests.fastConfig + "\n[control]\nsocket_mode = \"0666\"\n")
        let daemon = try DaemonProcess(cli)
        for verb in [["status"], ["stop"], ["quarantine", "purge", "--all"]] {
            let result = try Self.runAsNobody(["ctl"] + verb + ["--config", daemon.ctlConfig.path])
            #expect(result.status == 1 && result.stderr.contains("refused"), "\(verb): \(result.status) \(result.stderr)")
        }
        #expect(daemon.process.isRunning)
        #expect(try daemon.ctl("status").status == 0)
        #expect(daemon.logText.contains("control request refused"))
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func aStaleSocketLeftByAKilledDaemonIsReplaced() throws {
        let cli = try DaemonTests.makeCLI()
        let socket = cli.root.appendingPathComponent("Store/run/ctl.sock").path
        var daemon = try DaemonProcess(cli)
        let killed = daemon.process.processIdentifier
        daemon.signal(SIGKILL)
        _ = try daemon.waitForExit()
        #expect(access(socket, F_OK) == 0, "kill -9 leaves the socket file behind")
        let dead = try cli.run(["ctl", "status"])
        #expect(dead.status == 3, "\(dead.stderr)")

        // (Its inode number may well be the old one's again: the file system reuses it.)
        daemon = try DaemonProcess(cli)
        #expect(try daemon.status()["pid"] as? Int == Int(daemon.process.processIdentifier))
        #expect(daemon.process.processIdentifier != killed)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        #expect(access(socket, F_OK) != 0, "a clean exit removes the socket")
    }

    @Test func aSecondDaemonNeverStealsTheLiveSocket() throws {
        let cli = try DaemonTests.makeCLI()
        let socket = cli.root.appendingPathComponent("Store/run/ctl.sock").path
        let daemon = try DaemonProcess(cli)
        var before = stat()
        #expect(lstat(socket, &before) == 0)

        // The same store: the instance lock refuses it before it touches the socket.
        let same = try cli.run(["daemon"])
        #expect(same.status != 0 && same.stderr.contains("another m3clip daemon"), "\(same.stderr)")

        // Another store configured onto the same socket: it must not replace a socket that answers.
        let otherConfig = cli.root.appendingPathComponent("Config/other.toml")
        try DaemonTests.fastConfig.replacingOccurrences(of: "../Inbox", with: "../Inbox2").replacingOccurrences(of: "../Store", with: "../Store2")
            .appending("\n[control]\nsocket = \"\(socket)\"\n").write(to: otherConfig, atomically: true, encoding: .utf8)
        let other = Process()
        other.executableURL = CLIRunner.binary
        other.arguments = ["daemon", "--config", otherConfig.path]
        let errors = Pipe()
        other.standardError = errors
        other.standardOutput = FileHandle.nullDevice
        try other.run()
        let exited = (try? waitFor("the other daemon to give up", timeout: 10) { !other.isRunning }) != nil
        if !exited {
            kill(other.processIdentifier, SIGKILL)
            other.waitUntilExit()
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(exited && other.terminationStatus != 0, "the other daemon ran on the live socket")
        #expect(message.contains(socket), "\(message)")

        var after = stat()
        #expect(lstat(socket, &after) == 0 && after.st_ino == before.st_ino, "the live daemon's socket file was replaced")
        #expect(try daemon.status()["pid"] as? Int == Int(daemon.process.processIdentifier))
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func malformedAndOversizedCtlRequestsGetAnErrorAndServingGoesOn() throws {
        let cli = try DaemonTests.makeCLI()
        let socket = cli.root.appendingPathComponent("Store/run/ctl.sock").path
        let daemon = try DaemonProcess(cli)
        var junk = [UInt8](repeating: 0, count: 4096)
        for index in junk.indices { junk[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        let nesting = 200_000
        let requests: [(what: String, bytes: [UInt8], halfClose: Bool)] = [
            ("not JSON", Array("hello daemon\n".utf8), false),
            ("binary junk", junk + [0x0A], false),
            ("the wrong shape", Array("{\"verb\":5,\"arguments\":\"status\"}\n".utf8), false),
            ("an empty line", [0x0A], false),
            ("half a request, then end of file", Array("{\"verb\":\"sta".utf8), true),
            ("nesting 200,000 deep", Array(("{\"verb\":\"status\",\"arguments\":" + String(repeating: "[", count: nesting)
                                               + String(repeating: "]", count: nesting) + "}\n").utf8), false),
            ("a 10 MB line", [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20), false),
        ]
        for request in requests {
            let connection = try TestSocket(path: socket)
            connection.send(request.bytes)
            if request.halfClose { connection.finishSending() }
            let answer = connection.receiveLine()
            if !answer.isEmpty {
                let reply = try? JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any]
                #expect(reply?["ok"] as? Bool == false && (reply?["error"] as? String)?.isEmpty == false,
                        "\(request.what): \(String(decoding: answer.prefix(200), as: UTF8.self))")
            }
            let started = Date()
            #expect(try daemon.ctl("status").status == 0, "after \(request.what)")
            #expect(Date().timeIntervalSince(started) < 3, "after \(request.what): ctl status took \(Date().timeIntervalSince(started)) s")
        }
        #expect(daemon.process.isRunning)

        // A client that connects and says nothing holds only its own connection thread.
        let idle = try TestSocket(path: socket)
        usleep(100_000)
        let started = Date()
        #expect(try daemon.ctl("status").status == 0)
        let stalled = Date().timeIntervalSince(started)
        #expect(stalled < 2, "ctl status took \(stalled) s behind an idle client")
        withExtendedLifetime(idle) {}
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    // MARK: helpers

    static func quarantine(_ cli: CLIRunner) throws -> [[String: Any]] {
        (try cli.json(cli.run(["quarantine", "list", "--json"]).stdout) as? [[String: Any]]) ?? []
    }

    /// Every file (not folder) under `folder`, symlinks included, without following them.
    static func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true }
    }

    /// Creates `folder/name` with a name of raw bytes (which need not be UTF-8).
    static func createRaw(in folder: String, name: [UInt8], contents: String) throws {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) } }
        guard fd >= 0 else { throw Timeout(description: "open raw name: errno \(errno)") }
        let bytes = Array(contents.utf8)
        defer { close(fd) }
        guard write(fd, bytes, bytes.count) == bytes.count else { throw Timeout(description: "write raw name: errno \(errno)") }
    }

    static func renameRaw(from source: String, to target: String, name: [UInt8]) throws {
        let from = Array(source.utf8) + [UInt8(ascii: "/")] + name + [0]
        let to = Array(target.utf8) + [UInt8(ascii: "/")] + name + [0]
        let status = from.withUnsafeBufferPointer { a in
            to.withUnsafeBufferPointer { b in
                a.withMemoryRebound(to: CChar.self) { a in b.withMemoryRebound(to: CChar.self) { b in rename(a.baseAddress!, b.baseAddress!) } }
            }
        }
        guard status == 0 else { throw Timeout(description: "rename raw name: errno \(errno)") }
    }

    /// The names in `folder` as raw bytes.
    static func rawNames(in folder: String) -> [[UInt8]] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names
    }

    /// Whether this process may run a command as uid 65534 (root, with setpriv).
    static let canRunAsNobody: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        probe.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/true"]
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// Runs the m3clip binary as uid/gid 65534 with no supplementary groups.
    static func runAsNobody(_ arguments: [String]) throws -> CLIRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLIRunner.binary.path] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRunner.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                stderr: String(decoding: stderr, as: UTF8.self))
    }
}
