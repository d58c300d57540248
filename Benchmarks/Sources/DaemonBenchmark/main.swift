// Daemon benchmark (issue 3): latency from rename-into-inbox to committed (the daemon removes a
// file from the inbox right after its commit), throughput of bursts of 10,000 and 20,000 text files
// (the second overflows inotify's 16,384-event queue), and the daemon's RSS at idle and under load.
//
//   swift build -c release --product m3clip && swift run -c release DaemonBenchmark [drops=200] [burst=10000] [overflow=20000]
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let drops = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
let bursts = [arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000, arguments.count > 3 ? Int(arguments[3]) ?? 20_000 : 20_000]
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("m3clip")
guard FileManager.default.isExecutableFile(atPath: binary.path) else {
    print("build the daemon first: swift build -c release --product m3clip (looked for \(binary.path))")
    exit(1)
}
let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-daemon-bench-\(getpid())")
let inbox = root.appendingPathComponent("Inbox")
let stage = inbox.appendingPathComponent(".stage")
try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
try FileManager.default.createDirectory(at: root.appendingPathComponent("Config"), withIntermediateDirectories: true)
let config = root.appendingPathComponent("Config/m3clip.toml")
try "[inbox]\npath = \"../Inbox\"\n[store]\npath = \"../Store\"\n".write(to: config, atomically: true, encoding: .utf8)
defer { try? FileManager.default.removeItem(at: root) }

let daemon = Process()
daemon.executableURL = binary
daemon.arguments = ["daemon", "--config", config.path, "--log-level", "warning"]
daemon.standardError = FileHandle.nullDevice
try daemon.run()
defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func rss(_ field: String) -> Double {
    let text = (try? String(contentsOfFile: "/proc/\(daemon.processIdentifier)/status", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func inboxCount() -> Int {
    ((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []).filter { !$0.hasPrefix(".") }.count
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

// Wait for the daemon to be up (the socket appears).
let socket = root.appendingPathComponent("Store/run/ctl.sock")
let startDeadline = now() + 30
while !FileManager.default.fileExists(atPath: socket.path), now() < startDeadline { usleep(10_000) }
usleep(300_000)
let idleRSS = rss("VmRSS")

// 1. Latency: one file at a time, renamed in; done when the daemon has removed it after commit.
var latencies: [Double] = []
for index in 0..<drops {
    let staged = stage.appendingPathComponent("lat-\(index).txt")
    try Data("FINDINGS: Latency probe \(index). No effusion.".utf8).write(to: staged)
    let target = inbox.appendingPathComponent("lat-\(index).txt")
    let start = now()
    rename(staged.path, target.path)
    while access(target.path, F_OK) == 0 { usleep(200) }
    latencies.append(now() - start)
}
print("== daemon (release), latency rename → committed over \(drops) single-file drops, inotify")
print("  p50 \(String(format: "%.1f", percentile(latencies, 0.5) * 1000)) ms · p99 \(String(format: "%.1f", percentile(latencies, 0.99) * 1000)) ms · max \(String(format: "%.1f", (latencies.max() ?? 0) * 1000)) ms   (floor: p99 < 1000 ms)")

// 2. Bursts: everything staged first, then renamed in as fast as possible.
for burst in bursts {
    for index in 0..<burst {
        try Data("FINDINGS: Burst \(burst) report \(index). Heart size normal.".utf8).write(to: stage.appendingPathComponent("b\(burst)-\(index).txt"))
    }
    let start = now()
    for index in 0..<burst {
        rename(stage.appendingPathComponent("b\(burst)-\(index).txt").path, inbox.appendingPathComponent("b\(burst)-\(index).txt").path)
    }
    var peak = 0.0
    while inboxCount() > 0 {
        peak = max(peak, rss("VmRSS"))
        usleep(20_000)
    }
    let seconds = now() - start
    let overflow = burst > 16_384 ? " (over max_queued_events 16,384: inotify overflows, the rescan finds the rest)" : ""
    print("== burst of \(burst) text files renamed in at once\(overflow)")
    print("  all taken in \(String(format: "%.2f", seconds)) s → \(Int(Double(burst) / seconds)) studies/s · daemon RSS under load \(String(format: "%.0f", peak)) MB")
}
print("== daemon RSS: idle \(String(format: "%.1f", idleRSS)) MB · peak (VmHWM) \(String(format: "%.1f", rss("VmHWM"))) MB")
