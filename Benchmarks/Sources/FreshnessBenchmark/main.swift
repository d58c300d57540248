// Index freshness benchmark (issue 12): latency from renaming a study into the inbox to that study
// being returned by POST /v1/search, with the tiny model. A store of phantom studies gets a tiny model
// (`m3clip train --preset tiny --steps 1`, which publishes its index); the daemon runs with its API on
// a free port; then, one at a time, a new phantom study is renamed in and its own radiograph is
// searched (k = 1, every 5 ms, among rows added from the drop's corpus version on: a model trained
// for one step may score other phantoms equal) until the answer is that study. The image is the probe because phantom
// reports repeat sentences, while every phantom radiograph is unique.
//
//   swift build -c release --product m3clip && swift run -c release FreshnessBenchmark [drops=100] [base=500]
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let drops = arguments.count > 1 ? Int(arguments[1]) ?? 100 : 100
let baseStudies = arguments.count > 2 ? Int(arguments[2]) ?? 500 : 500
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("m3clip")
guard FileManager.default.isExecutableFile(atPath: binary.path) else {
    print("build the daemon first: swift build -c release --product m3clip (looked for \(binary.path))")
    exit(1)
}
let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-freshness-bench-\(getpid())")
let inbox = root.appendingPathComponent("Inbox")
try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
try FileManager.default.createDirectory(at: root.appendingPathComponent("Config"), withIntermediateDirectories: true)
let config = root.appendingPathComponent("Config/m3clip.toml")
try """
    [inbox]
    path = "../Inbox"
    [store]
    path = "../Store"
    [translation]
    engine = "none"
    [training]
    enabled = false
    preset = "tiny"
    zero_shot_set = "../eval5x"
    [api]
    bind = "127.0.0.1:0"
    """.write(to: config, atomically: true, encoding: .utf8)
defer { try? FileManager.default.removeItem(at: root) }

@discardableResult
func m3clip(_ words: [String], config useConfig: Bool = true) -> Int32 {
    let process = Process()
    process.executableURL = binary
    process.arguments = words + (useConfig ? ["--config", config.path] : [])
    process.currentDirectoryURL = root
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try? process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func subfolders(_ url: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
}

print("preparing \(baseStudies) phantom studies, a tiny model and its index …")
m3clip(["phantom", "eval5x", "--per-class", "2", "--size", "224", "--seed", "7", "--out", root.appendingPathComponent("eval5x").path], config: false)
let base = root.appendingPathComponent("base"), fresh = root.appendingPathComponent("fresh")
m3clip(["phantom", "studies", "--count", "\(baseStudies)", "--size", "224", "--seed", "1", "--out", base.path], config: false)
m3clip(["phantom", "studies", "--count", "\(drops)", "--size", "224", "--seed", "2", "--out", fresh.path], config: false)
guard m3clip(["ingest"] + subfolders(base).map { base.appendingPathComponent($0).path }) == 0,
      m3clip(["train", "--preset", "tiny", "--from", "scratch", "--steps", "1"]) == 0 else {
    print("could not prepare the store (ingest or the tiny model's training failed)")
    try? FileManager.default.removeItem(at: root)
    exit(1)
}

let baseVersion = 1
let daemon = Process()
daemon.executableURL = binary
daemon.arguments = ["daemon", "--config", config.path, "--log-level", "warning"]
daemon.currentDirectoryURL = root
daemon.standardError = FileHandle.nullDevice
try daemon.run()
defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }

let addressFile = root.appendingPathComponent("Store/run/api.address")
let deadline = now() + 60
var address = ""
while address.isEmpty, now() < deadline {
    address = ((try? String(contentsOf: addressFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    usleep(20_000)
}
guard let searchURL = URL(string: address + "/v1/search") else {
    print("the API did not start")
    kill(daemon.processIdentifier, SIGTERM)
    exit(1)
}

nonisolated(unsafe) var lastProblem: String?

/// The study of the top image for `image`, nil on any failure.
func topStudy(_ image: Data, fromVersion: Int) -> String? {
    var request = URLRequest(url: searchURL)
    request.httpMethod = "POST"
    request.httpBody = try? JSONSerialization.data(withJSONObject: ["image": image.base64EncodedString(), "modality": "image", "k": 1,
                                                                    "corpus_versions": [fromVersion]])
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var study: String?
    URLSession.shared.dataTask(with: request) { data, _, error in
        if let error { lastProblem = "\(error)" }
        if let data, lastProblem == nil { lastProblem = String(decoding: data.prefix(300), as: UTF8.self) }
        if let data, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let first = (object["results"] as? [[String: Any]])?.first {
            study = first["study"] as? String
        }
        done.signal()
    }.resume()
    done.wait()
    return study
}

var latencies: [Double] = []
for (number, key) in subfolders(fresh).enumerated() {
    let folder = fresh.appendingPathComponent(key)
    guard let png = subfolders(folder).first(where: { $0.hasSuffix(".png") }),
          let image = try? Data(contentsOf: folder.appendingPathComponent(png)) else { continue }
    let start = now()
    try FileManager.default.moveItem(at: folder, to: inbox.appendingPathComponent(key))
    // Drop i is committed as version base + i + 1 or later: earlier drops stay out of the answer.
    while topStudy(image, fromVersion: baseVersion + number + 1) != key {
        if now() - start > 60 {
            print("\(key) not searchable after 60 s; last answer: \(lastProblem ?? "none")")
            // exit() skips the defers: stop the daemon and remove the store here.
            kill(daemon.processIdentifier, SIGTERM)
            daemon.waitUntilExit()
            try? FileManager.default.removeItem(at: root)
            exit(1)
        }
        lastProblem = nil
        usleep(5_000)
    }
    latencies.append(now() - start)
}
print(String(format: "freshness over %d drops (rename → returned by /v1/search), tiny model, %d-study base: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms",
             latencies.count, baseStudies, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.9) * 1000,
             percentile(latencies, 0.99) * 1000, (latencies.max() ?? 0) * 1000))
