import Foundation
import Formats
import Store
#if canImport(Glibc)
import Glibc
#endif

// The crash loop of the reliability suite (Scripts/reliability.sh): rounds of dropping mixed files
// into the inbox (renamed in, and written in place slowly), `kill -9` of the daemon at a random
// moment, restart. After every round each dropped file must be in the store exactly once, in
// quarantine exactly once, or still in the inbox; `verify` must be clean; no staged blob or
// temporary file may survive the restart.
//   ReliabilityLoop --binary .build/release/m3clip [--rounds 100] [--files 200] [--seed 1]
// The soak: one daemon, no kills, drops at a steady rate; its RSS and open descriptors sampled
// every minute, and the accounting at the end.
//   ReliabilityLoop --binary .build/release/m3clip --soak 30 [--rate 4]
// Bursts: N files renamed in at once (20,000 overflows inotify's 16,384-event queue), optionally
// while a training run (and the index publish after it) is in flight; every file accounted for.
//   ReliabilityLoop --binary .build/release/m3clip --burst 20000 [--during-training | --during-publish]
// (--during-publish: the first training run publishes an index, then `ctl publish` re-embeds the
// corpus and the burst is renamed in while that publish runs.)

/// Unbuffered progress lines (stdout is fully buffered when piped).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Options {
    var binary = ".build/release/m3clip"
    var rounds = 100
    var files = 200
    var seed: UInt64 = 1
    var keep = false
    var soakMinutes = 0.0
    var burst = 0
    var duringTraining = false
    var duringPublish = false
    var rate = 4.0

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--binary": binary = iterator.next() ?? binary
            case "--rounds": rounds = iterator.next().flatMap(Int.init) ?? rounds
            case "--files": files = iterator.next().flatMap(Int.init) ?? files
            case "--seed": seed = iterator.next().flatMap { UInt64($0) } ?? seed
            case "--keep": keep = true
            case "--soak": soakMinutes = iterator.next().flatMap(Double.init) ?? 30
            case "--rate": rate = iterator.next().flatMap(Double.init) ?? rate
            case "--burst": burst = iterator.next().flatMap(Int.init) ?? 20_000
            case "--during-training": duringTraining = true
            case "--during-publish": duringPublish = true
            default: fatalError("unknown argument \(argument)")
            }
        }
    }
}

/// Seeded, so a failing round can be replayed with the same drops and kill times.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One file the loop drops: its name, bytes, and whether the daemon should take it.
struct Drop {
    var name: String
    var bytes: Data
    var isGood: Bool
    var stem: String { String(name.split(separator: ".").first!) }
    var sha256: String { ContentHash(of: bytes).hex }
}

func makeDrops(round: Int, count: Int, generator: inout SplitMix64) throws -> [Drop] {
    try (0..<count).map { index in
        let stem = "r\(round)-\(index)"
        let token = "\(round).\(index).\(generator.next() % 1_000_000)"
        switch index % 10 {
        case 0, 1, 2, 3:
            return Drop(name: "\(stem).txt", bytes: Data("FINDINGS: Study \(token). Mild cardiomegaly. No pleural effusion.\nIMPRESSION: Stable.".utf8), isGood: true)
        case 4:
            let xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <eCitation><meta type="rr"/><uId id="\(stem)"/>
                <MedlineCitation><Article><Abstract>
                <AbstractText Label="FINDINGS">Study \(token): the lungs are clear.</AbstractText>
                <AbstractText Label="IMPRESSION">No acute disease.</AbstractText>
                </Abstract></Article></MedlineCitation></eCitation>
                """
            return Drop(name: "\(stem).xml", bytes: Data(xml.utf8), isGood: true)
        case 5, 6, 7:
            var pixelGenerator = SplitMix64(state: generator.next())
            let pixels = (0..<(32 * 32)).map { _ in UInt16(truncatingIfNeeded: pixelGenerator.next()) }
            return Drop(name: "\(stem).png", bytes: Data(try PNGEncoder.encodeGray16(pixels, width: 32, height: 32)), isGood: true)
        case 8:
            return Drop(name: "\(stem).txt", bytes: Data([0x63, 0x61, 0x66, 0xE9, 0x20] + Array(token.utf8)), isGood: false)
        default:
            let png = try PNGEncoder.encodeGray8((0..<(32 * 32)).map { UInt8(truncatingIfNeeded: $0 &+ index) }, width: 32, height: 32)
            return Drop(name: "\(stem).png", bytes: Data(png.prefix(png.count / 2) + Array(token.utf8)), isGood: false)
        }
    }
}

final class Daemon {
    let process = Process()
    init(binary: String, config: URL, log: URL) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["daemon", "--config", config.path]
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }
    var pid: Int32 { process.processIdentifier }
}

func run(_ binary: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    guard (try? process.run()) != nil else { return (-1, "could not start \(binary)") }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// Writes a file in place in three chunks with pauses shorter than settle_seconds.
func writeSlowly(_ data: Data, to url: URL) {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { return }
    let third = max(data.count / 3, 1)
    var offset = 0
    while offset < data.count {
        let end = min(offset + third, data.count)
        _ = data[offset..<end].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        offset = end
        if offset < data.count { usleep(20_000) }
    }
    close(descriptor)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-reliability-\(getpid())")
let inbox = root.appendingPathComponent("Inbox"), staging = root.appendingPathComponent("Staging")
let storeURL = root.appendingPathComponent("Store"), config = root.appendingPathComponent("Config/m3clip.toml")
let log = root.appendingPathComponent("daemon.log")
for folder in [inbox, staging, config.deletingLastPathComponent()] {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
}
FileManager.default.createFile(atPath: log.path, contents: nil)
// Training runs often and briefly, so kills also land inside training runs, their evaluation and
// the index publish that follows; translation is off (no model here).
try """
    [inbox]
    path = "../Inbox"
    settle_seconds = 0.5
    rescan_seconds = 1
    [store]
    path = "../Store"
    [ingest]
    batch_max_files = 50
    [translation]
    engine = "none"
    [training]
    min_new_items = 400
    min_interval_minutes = 0.0
    max_minutes = 0.1
    [api]
    bind = "127.0.0.1:0"
    """.write(to: config, atomically: true, encoding: .utf8)

var generator = SplitMix64(state: options.seed)
var allDrops: [Drop] = []
var totals = (dropped: 0, stored: 0, quarantined: 0, inInbox: 0, lost: 0, duplicated: 0, misplaced: 0, orphans: 0, verifyFailures: 0)
var killsDuringDrops = 0
let started = Date()

func startDaemon() -> Daemon? {
    guard let daemon = try? Daemon(binary: options.binary, config: config, log: log) else { return nil }
    let ready = waitFor(30) { run(options.binary, ["ctl", "status", "--config", config.path]).status == 0 }
    return ready ? daemon : nil
}

func inboxNames() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []).filter { !$0.hasPrefix(".") }
}

/// Waits until no training run holds `Store/run/training.lock` (a run outlives a killed daemon until
/// its next step or phase boundary); returns how long that took.
func waitForTrainingRuns(timeout: Double = 300) -> Double {
    let started = Date()
    let path = storeURL.appendingPathComponent("run/training.lock").path
    _ = waitFor(timeout) {
        let descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }
    return Date().timeIntervalSince(started)
}

/// Staged blobs and `.tmp` names anywhere in the store (the run folder's socket and pid aside).
func orphanTemporaries() -> [String] {
    var found: [String] = []
    let staged = (try? FileManager.default.contentsOfDirectory(atPath: storeURL.appendingPathComponent("blobs/staging").path)) ?? []
    found += staged.map { "blobs/staging/\($0)" }
    if let walker = FileManager.default.enumerator(atPath: storeURL.path) {
        for case let path as String in walker where (path as NSString).lastPathComponent.hasPrefix(".tmp") {
            found.append(path)
        }
    }
    return found
}

/// VmRSS in MiB and the number of open descriptors of a process.
func sample(_ pid: Int32) -> (rssMiB: Double, descriptors: Int) {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        .flatMap { Double($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    return (rss / 1024, descriptors)
}

/// Where the dropped files ended up.
struct Accounting {
    var stored = 0, quarantined = 0, inInbox = 0, lost = 0, duplicated = 0, misplaced = 0
    var isClean: Bool { lost == 0 && duplicated == 0 && misplaced == 0 }
}

/// Finds each drop in the store (its study holds its bytes), in quarantine (by hash) or in the
/// inbox; `problem` names each lost, duplicated or misplaced file.
func account(_ drops: [Drop], problem: (String) -> Void = { _ in }) throws -> Accounting {
    let store = try CorpusStore.open(at: storeURL)
    let quarantined = Dictionary(grouping: try Quarantine(layout: store.layout).list(), by: { $0.sha256 ?? "" }).mapValues(\.count)
    var result = Accounting()
    for drop in drops {
        let hash = drop.sha256
        let detail = try store.study(drop.stem)
        let stored = (detail?.reports.filter { $0.sha256 == hash }.count ?? 0) + (detail?.images.filter { $0.sha256 == hash }.count ?? 0)
        let quarantinedCount = quarantined[hash] ?? 0
        let inInbox = FileManager.default.fileExists(atPath: inbox.appendingPathComponent(drop.name).path) ? 1 : 0
        let places = stored + quarantinedCount + inInbox
        if stored > 0 { result.stored += 1 }
        if quarantinedCount > 0 { result.quarantined += 1 }
        result.inInbox += inInbox
        if places == 0 { result.lost += 1; problem("LOST \(drop.name)") }
        if places > 1 {
            result.duplicated += 1
            problem("DUPLICATED \(drop.name) (store \(stored), quarantine \(quarantinedCount), inbox \(inInbox))")
        }
        if (drop.isGood && quarantinedCount > 0) || (!drop.isGood && stored > 0) { result.misplaced += 1; problem("MISPLACED \(drop.name)") }
    }
    return result
}

/// The daemon's `ctl status --json` fields.
func status() -> [String: Any] {
    let result = run(options.binary, ["ctl", "status", "--json", "--config", config.path])
    return ((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any]) ?? [:]
}

if options.burst > 0 {
    guard let daemon = startDaemon() else { fatalError("the daemon did not start; see \(log.path)") }
    var drops: [Drop] = []
    if options.duringTraining || options.duringPublish {
        // Enough labeled studies to start a training run, then wait until it runs.
        let seed = try makeDrops(round: 0, count: 600, generator: &generator)
        for drop in seed { try drop.bytes.write(to: staging.appendingPathComponent(drop.name)); _ = rename(staging.appendingPathComponent(drop.name).path, inbox.appendingPathComponent(drop.name).path) }
        drops += seed
        guard waitFor(180, { (status()["training"] as? String)?.hasPrefix("running") == true }) else {
            fatalError("no training run started; see \(log.path)")
        }
    }
    if options.duringPublish {
        // The run's model publishes the first index; then a publish is asked for and the burst
        // goes in while it embeds the corpus.
        guard waitFor(600, { (status()["index"] as? String).map { !$0.hasPrefix("no index") && !$0.hasPrefix("publishing") } == true }) else {
            fatalError("the first training run published no index; see \(log.path)")
        }
        let asked = run(options.binary, ["ctl", "publish", "--config", config.path])
        guard asked.status == 0 else { fatalError("ctl publish refused: \(asked.output); see \(log.path)") }
        say("burst: publish asked for (\(asked.output.trimmingCharacters(in: .whitespacesAndNewlines))); renaming the burst in now")
    }
    let burst = try makeDrops(round: 1, count: options.burst, generator: &generator)
    for drop in burst { try drop.bytes.write(to: staging.appendingPathComponent(drop.name)) }
    let start = Date()
    for drop in burst { _ = rename(staging.appendingPathComponent(drop.name).path, inbox.appendingPathComponent(drop.name).path) }
    drops += burst
    let renamed = Date().timeIntervalSince(start)
    var trainingSeen = Set<String>(), indexSeen = Set<String>(), publishingPolls = 0
    _ = waitFor(1800) {
        let now = status()
        if let training = now["training"] as? String { trainingSeen.insert(String(training.prefix(24))) }
        if let index = now["index"] as? String {
            indexSeen.insert(String(index.prefix(32)))
            if index.hasPrefix("publishing") { publishingPolls += 1 }
        }
        return inboxNames().isEmpty
    }
    let drained = Date().timeIntervalSince(start)
    let (rss, descriptors) = sample(daemon.pid)
    kill(daemon.pid, SIGTERM)
    daemon.process.waitUntilExit()
    let trainingWait = waitForTrainingRuns()
    let counts = try account(drops)
    let log = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    say(String(format: "burst: %d files renamed in %.1f s, all taken %.1f s after the first rename (%.0f files/s); inotify overflows logged %d; RSS %.0f MiB, %d fds at the end",
               burst.count, renamed, drained, Double(burst.count) / drained, log.components(separatedBy: "inotify queue overflowed").count - 1, rss, descriptors))
    say("  training states seen during the burst: \(trainingSeen.sorted()); index states: \(indexSeen.count), \(publishingPolls) status polls saw a publish in flight; the run ended \(Int(trainingWait)) s after stop")
    say("  files \(drops.count): stored \(counts.stored), quarantined \(counts.quarantined), in inbox \(counts.inInbox), lost \(counts.lost), duplicated \(counts.duplicated), misplaced \(counts.misplaced); daemon exit \(daemon.process.terminationStatus)")
    if !options.keep { try? FileManager.default.removeItem(at: root) }
    exit(counts.isClean ? 0 : 1)
}

if options.soakMinutes > 0 {
    guard let daemon = startDaemon() else { fatalError("the daemon did not start; see \(log.path)") }
    var drops: [Drop] = []
    var samples: [(minute: Int, rss: Double, descriptors: Int)] = []
    let start = Date()
    var batch = 0
    var nextSample = 0.0
    say("| minute | files dropped | daemon RSS (MiB) | open fds |")
    say("|---|---|---|---|")
    while Date().timeIntervalSince(start) < options.soakMinutes * 60 {
        let elapsed = Date().timeIntervalSince(start)
        if elapsed >= nextSample {
            let (rss, descriptors) = sample(daemon.pid)
            samples.append((Int(elapsed / 60), rss, descriptors))
            say(String(format: "| %d | %d | %.1f | %d |", Int(elapsed / 60), drops.count, rss, descriptors))
            nextSample += 60
        }
        // Ten drops (the same mix as the rounds: 8 good, 2 bad), renamed in, every 10/rate seconds.
        batch += 1
        let second = try makeDrops(round: 100_000 + batch, count: 10, generator: &generator)
        for drop in second {
            let staged = staging.appendingPathComponent(drop.name)
            try drop.bytes.write(to: staged)
            _ = rename(staged.path, inbox.appendingPathComponent(drop.name).path)
        }
        drops += second
        usleep(UInt32(max(0, 10 / options.rate - Date().timeIntervalSince(start) + elapsed) * 1_000_000))
    }
    _ = waitFor(120) { inboxNames().isEmpty }
    let (rss, descriptors) = sample(daemon.pid)
    samples.append((Int(Date().timeIntervalSince(start) / 60), rss, descriptors))
    say(String(format: "| end | %d | %.1f | %d |", drops.count, rss, descriptors))
    kill(daemon.pid, SIGTERM)
    daemon.process.waitUntilExit()
    _ = waitForTrainingRuns()
    let counts = try account(drops)
    // Trend: the mean of the last third of the samples against the middle third (the first third
    // is warm-up: caches, the first training run, the index).
    let third = max(samples.count / 3, 1)
    let middle = samples.dropFirst(third).prefix(third), last = samples.suffix(third)
    func mean(_ values: some Collection<Double>) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
    say(String(format: "soak: %.0f min, %d files, stored %d, quarantined %d, in inbox %d, lost %d, duplicated %d, misplaced %d; RSS middle third %.1f MiB, last third %.1f MiB, max %.1f; fds middle %.1f, last %.1f, max %d; daemon exit %d",
               options.soakMinutes, drops.count, counts.stored, counts.quarantined, counts.inInbox, counts.lost, counts.duplicated, counts.misplaced,
               mean(middle.map(\.rss)), mean(last.map(\.rss)), samples.map(\.rss).max() ?? 0,
               mean(middle.map { Double($0.descriptors) }), mean(last.map { Double($0.descriptors) }), samples.map(\.descriptors).max() ?? 0,
               daemon.process.terminationStatus))
    if !options.keep { try? FileManager.default.removeItem(at: root) }
    exit(counts.isClean ? 0 : 1)
}

for round in 1...options.rounds {
    guard var daemon = startDaemon() else { fatalError("round \(round): the daemon did not start; see \(log.path)") }
    let drops = try makeDrops(round: round, count: options.files, generator: &generator)
    allDrops += drops
    // Kill at a random moment: during the drops (half of them written in place, 40 ms each) or up to 3 s after them.
    let dropSeconds = Double(options.files) * 0.022
    let killAfter = Double.random(in: 0...(dropSeconds + 3), using: &generator)
    let victim = daemon.pid
    let dropsStarted = Date()
    let killer = DispatchWorkItem { kill(victim, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + killAfter, execute: killer)
    for (index, drop) in drops.enumerated() {
        if index % 2 == 0 {
            let staged = staging.appendingPathComponent(drop.name)
            try drop.bytes.write(to: staged)
            _ = rename(staged.path, inbox.appendingPathComponent(drop.name).path)
        } else {
            writeSlowly(drop.bytes, to: inbox.appendingPathComponent(drop.name))
        }
    }
    if killAfter < Date().timeIntervalSince(dropsStarted) { killsDuringDrops += 1 }
    _ = waitFor(killAfter + 5) { !daemon.process.isRunning }
    daemon.process.waitUntilExit()

    guard let restarted = startDaemon() else { fatalError("round \(round): the daemon did not restart; see \(log.path)") }
    daemon = restarted
    _ = waitFor(90) { inboxNames().isEmpty }
    kill(daemon.pid, SIGTERM)
    daemon.process.waitUntilExit()
    // Temporaries are checked once nothing writes: the daemon stopped, its training runs ended.
    let trainingWait = waitForTrainingRuns()
    let orphans = orphanTemporaries()

    let verify = run(options.binary, ["verify", "--config", config.path])
    let round_ = try account(drops) { say("round \(round): \($0)") }
    totals.dropped += drops.count
    totals.stored += round_.stored
    totals.quarantined += round_.quarantined
    totals.inInbox += round_.inInbox
    totals.lost += round_.lost
    totals.duplicated += round_.duplicated
    totals.misplaced += round_.misplaced
    totals.orphans += orphans.count
    if verify.status != 0 { totals.verifyFailures += 1; say("round \(round): verify failed: \(verify.output)") }
    if !orphans.isEmpty { say("round \(round): orphan temporaries after restart: \(orphans.prefix(5))") }
    say(String(format: "round %d: kill at %.2f s, %d stored, %d quarantined, %d in inbox, %d lost, %d duplicated, verify %@, training run ended %.1f s after stop",
                 round, killAfter, round_.stored, round_.quarantined, round_.inInbox, round_.lost, round_.duplicated,
                 verify.status == 0 ? "ok" : "FAILED", trainingWait))
}

let models = ((try? FileManager.default.contentsOfDirectory(atPath: storeURL.appendingPathComponent("models").path)) ?? [])
    .filter { !$0.hasPrefix(".") && $0 != "current" }.count
let daemonLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
let runsStarted = daemonLog.components(separatedBy: "training run started").count - 1
let runsRefusedByLock = daemonLog.components(separatedBy: "another training run holds").count - 1
say("""
    reliability loop: \(options.rounds) rounds, \(Int(Date().timeIntervalSince(started))) s, seed \(options.seed)
      files dropped \(totals.dropped), stored \(totals.stored), quarantined \(totals.quarantined), still in inbox \(totals.inInbox)
      lost \(totals.lost), duplicated \(totals.duplicated), misplaced \(totals.misplaced), orphan temporaries \(totals.orphans), verify failures \(totals.verifyFailures)
      kills during drops \(killsDuringDrops), after drops \(options.rounds - killsDuringDrops); training runs started \(runsStarted), not started because another held the lock \(runsRefusedByLock), models saved \(models)
    """)
if !options.keep { try? FileManager.default.removeItem(at: root) } else { say("kept \(root.path)") }
exit(totals.lost == 0 && totals.duplicated == 0 && totals.misplaced == 0 && totals.orphans == 0 && totals.verifyFailures == 0 ? 0 : 1)
