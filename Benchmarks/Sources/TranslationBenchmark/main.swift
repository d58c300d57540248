// Translation benchmark (issue 5): translation-memory look-ups per second, the memory's hit rate
// on the IU X-ray report sentences, and the CTranslate2 worker's overhead against calling
// CTranslate2 directly in Python on the same batches.
//
//   swift run -c release --scratch-path .build-release TranslationBenchmark [REPORTS.csv]
//
// REPORTS.csv defaults to ../shared/data/iu-xray-dev/reports.csv (relative to the repository
// root, where the command above runs); it needs `findings` and `impression` columns. The worker
// part needs Workers/translate/.venv (Scripts/setup.sh) and builds tiny NLLB-shaped models.
import Foundation
import Radiology
import Store
import Translation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

// MARK: - Sentences

let arguments = CommandLine.arguments
let csvPath = arguments.count > 1 ? arguments[1] : "../shared/data/iu-xray-dev/reports.csv"
guard let csvText = try? String(contentsOfFile: csvPath, encoding: .utf8) else {
    line("cannot read \(csvPath)"); exit(1)
}
let records = ((try? CSV.parse(csvText)) ?? [])
guard let header = records.first, let findings = header.firstIndex(of: "findings"), let impression = header.firstIndex(of: "impression") else {
    line("\(csvPath) has no findings/impression columns"); exit(1)
}
let splitter = SentenceSplitter()
var sentences: [String] = []
for record in records.dropFirst() {
    for column in [findings, impression] where column < record.count {
        sentences += splitter.split(record[column]).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
line("IU X-ray: \(records.count - 1) reports, \(sentences.count) sentences (findings + impression) from \(csvPath)")

// MARK: - Hit rate

let german = LanguageCode("deu_Latn")!
do {
    let memory = TranslationMemory()
    let decision = QualityFilter().evaluate(source: "x", output: "x", to: german)
    for sentence in sentences {
        let key = MemoryKey(source: sentence, from: .english, to: german, engine: "bench")
        if try memory.lookup(key) == nil {
            try memory.insert([MemoryEntry(key: key, sourceText: sentence, output: sentence, logProb: nil, decision: decision, audit: false)])
        }
    }
    let counters = memory.counters
    var frequency: [String: Int] = [:]
    for sentence in sentences { frequency[MemoryKey.normalise(sentence), default: 0] += 1 }
    let top200 = frequency.values.sorted(by: >).prefix(200).reduce(0, +)
    line(String(format: "memory hit rate (reports in file order, one target, memory starting empty): %.1f %% — %d look-ups, %d hits, %d distinct sentences",
                100 * Double(counters.hits) / Double(counters.lookups), counters.lookups, counters.hits, memory.count))
    line(String(format: "  the 200 most frequent sentences are %.1f %% of all (issue 5 expects about half)", 100 * Double(top200) / Double(sentences.count)))
    line("  engine calls needed for all 20 targets: \(memory.count * 20) instead of \(sentences.count * 20)")
}

// MARK: - Look-ups per second

do {
    let targets = LanguageTable.defaultTargets
    let distinct = Array(Set(sentences.map(MemoryKey.normalise))).sorted()
    let decision = QualityFilter().evaluate(source: "x", output: "x", to: german)
    var entries: [MemoryEntry] = []
    for target in targets {
        for sentence in distinct {
            entries.append(MemoryEntry(key: MemoryKey(source: sentence, from: .english, to: target, engine: "ctranslate2:nllb"),
                                       sourceText: sentence, output: sentence, logProb: -0.5, decision: decision, audit: false))
        }
    }
    let memory = TranslationMemory()
    try memory.insert(entries)
    let keys = entries.map(\.key).shuffled()
    var found = 0
    let rounds = max(1, 4_000_000 / keys.count)
    let prebuilt = try seconds {
        for _ in 0..<rounds { for key in keys where try memory.lookup(key) != nil { found += 1 } }
    }
    let lookups = Double(rounds * keys.count)
    line(String(format: "memory look-ups (prebuilt keys, %d entries, one lock per look-up): %.0f /s (floor 200,000/s) — %.0f ns each",
                entries.count, lookups / prebuilt, prebuilt / lookups * 1e9))
    let texts = sentences.shuffled()
    let withKeys = try seconds {
        for _ in 0..<2 { for text in texts where try memory.lookup(MemoryKey(source: text, from: .english, to: german, engine: "ctranslate2:nllb")) != nil { found += 1 } }
    }
    line(String(format: "memory look-ups from raw sentence text (normalise + key + look-up): %.0f /s", Double(2 * texts.count) / withKeys))
    let batchKeys = Array(keys.prefix(32))
    var batchFound = 0
    let batched = try seconds {
        for _ in 0..<100_000 { batchFound += try memory.lookup(batchKeys).count }
    }
    line(String(format: "memory look-ups in batches of 32 (one lock per batch): %.0f /s", Double(batchFound) / batched))

    // The store: persist every entry, then load them into a fresh memory (a daemon start).
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-tm-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try CorpusStore.open(at: folder)
    let saving = try seconds { try store.saveMemoryEntries(entries) }
    let fresh = TranslationMemory(persistence: store)
    let loading = try seconds { _ = try fresh.lookup(keys[0]) }
    line(String(format: "store: saved %d entries in %.2f s (%.0f /s, one transaction); loaded them into a fresh memory in %.2f s",
                entries.count, saving, Double(entries.count) / saving, loading))
    if found == -1 { line("") }
}

// MARK: - Worker overhead

let repository = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
let python = repository.appendingPathComponent("Workers/translate/.venv/bin/python")
let workerFolder = repository.appendingPathComponent("Workers/translate")

func runPython(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = python
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TranslationEngineError(.unavailable, "python exited \(process.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}

/// CPU seconds (user + system) of process `pid` from /proc, or of this process when nil.
func cpuSeconds(_ pid: Int32?) -> Double {
    if let pid {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state(3) … utime(14) stime(15), so indices 11 and 12 here.
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

struct BatchSpec: Codable { var source: String; var target: String; var texts: [String] }

func overhead(_ sentences: [String], canned: Bool, beam: Int, maxDecoding: Int, batchCount: Int, batchSize: Int) async throws {
    let model = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-bench-model-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: model) }
    _ = try runPython([workerFolder.appendingPathComponent("make_tiny_model.py").path, model.path] + (canned ? ["--canned"] : []))
    let distinct = Array(Set(sentences)).sorted()
    let targets = ["deu_Latn", "fra_Latn", "rus_Cyrl", "zho_Hans"]
    let batches = (0..<batchCount).map { index in
        BatchSpec(source: "eng_Latn", target: targets[index % targets.count],
                  texts: Array(distinct[(index * batchSize)..<min(distinct.count, (index + 1) * batchSize)]))
    }
    let batchFile = model.appendingPathComponent("batches.json")
    try JSONEncoder().encode(batches).write(to: batchFile)

    var options = WorkerOptions(python: python, script: workerFolder.appendingPathComponent("worker.py"), model: model)
    options.beamSize = beam
    options.computeType = "int8"
    options.intraThreads = 1
    options.maxDecodingLength = maxDecoding
    let engine = CTranslate2Engine(options: options)
    _ = try await engine.translate(batches[0].texts, from: .english, to: LanguageCode(batches[0].target)!)  // start + warm-up
    // Interleave the two sides (the host is shared), best of five each.
    var swiftRuns: [Double] = [], pythonRuns: [Double] = [], swiftCPU: [Double] = [], pythonCPU: [Double] = []
    let workerPID = await engine.workerProcessID
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds(workerPID) + cpuSeconds(nil)
        for batch in batches { _ = try await engine.translate(batch.texts, from: .english, to: LanguageCode(batch.target)!) }
        swiftRuns.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        swiftCPU.append(cpuSeconds(workerPID) + cpuSeconds(nil) - cpuStart)
        let direct = try runPython([workerFolder.appendingPathComponent("bench_direct.py").path, "--model", model.path,
                                    "--batches", batchFile.path, "--beam-size", String(beam), "--compute-type", "int8",
                                    "--intra-threads", "1", "--max-decoding-length", String(maxDecoding), "--repeat", "1"])
        guard let object = try JSONSerialization.jsonObject(with: Data(direct.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double, let cpu = object["cpu_seconds"] as? Double else {
            line("bench_direct.py gave no figure"); return
        }
        pythonRuns.append(seconds)
        pythonCPU.append(cpu)
    }
    // The protocol's own cost: a ping's round trip (JSON line out, JSON line back, actor hop).
    let pings = 500
    let pingStart = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<pings { _ = await engine.availability() }
    let pingMicros = Double(DispatchTime.now().uptimeNanoseconds - pingStart) / 1e3 / Double(pings)
    await engine.shutdown()
    let swiftBest = swiftRuns.min()!, pythonBest = pythonRuns.min()!
    let swiftCPUBest = swiftCPU.min()!, pythonCPUBest = pythonCPU.min()!
    line(String(format: "  CPU time (worker + supervisor vs direct, best of 5): %.3f s vs %.3f s → %+.1f %%",
                swiftCPUBest, pythonCPUBest, 100 * (swiftCPUBest / pythonCPUBest - 1)))
    line(String(format: "  round trip of one request through supervisor and worker (ping): %.0f µs; runs supervisor %@ s, direct %@ s",
                pingMicros, swiftRuns.map { String(format: "%.3f", $0) }.joined(separator: "/"),
                pythonRuns.map { String(format: "%.3f", $0) }.joined(separator: "/")))
    let sentenceCount = batches.reduce(0) { $0 + $1.texts.count }
    line(String(format: "worker overhead, %@ tiny model, %d batches × %d sentences, beam %d, int8, 1 thread: supervisor+worker %.3f s vs CTranslate2 direct in Python %.3f s → %+.1f %% (floor: within 10 %%); %.2f ms per batch",
                canned ? "canned" : "random-weight", batches.count, batchSize, beam, swiftBest, pythonBest,
                100 * (swiftBest / pythonBest - 1), 1000 * (swiftBest - pythonBest) / Double(batches.count)))
    _ = sentenceCount
}

if FileManager.default.isExecutableFile(atPath: python.path) {
    do {
        try await overhead(sentences, canned: false, beam: 2, maxDecoding: 64, batchCount: 8, batchSize: 32)
        try await overhead(sentences, canned: true, beam: 4, maxDecoding: 64, batchCount: 32, batchSize: 32)
    } catch {
        line("worker overhead: failed: \(error)")
    }
} else {
    line("worker overhead: skipped (no \(python.path); run Scripts/setup.sh)")
}
