// One-shot ingest benchmark (issue 2): 10,000 generated text reports (one study each) and 200
// generated 16-bit 1024×1024 PNGs, into a fresh store on this disk, release build.
//
//   swift run -c release --package-path Benchmarks --scratch-path .build-bench IngestBenchmark [reports] [images]
//
// Prints studies/s end to end with the time per stage, the disk's own ceiling for fsync'd small
// files measured in the same run, image MB/s against decode + hash alone, and peak RSS.
import Daemon
import Formats
import Radiology
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
let reportCount = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let imageCount = arguments.count > 2 ? Int(arguments[2]) ?? 200 : 200
let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-ingest-bench-\(getpid())")
try? FileManager.default.removeItem(at: root)
defer { try? FileManager.default.removeItem(at: root) }

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

let clock = ContinuousClock()

// --- The disk's ceiling: fsync'd small files, one at a time, as a naive store would write them.
let ceilingFolder = root.appendingPathComponent("fsync-ceiling")
try FileManager.default.createDirectory(at: ceilingFolder, withIntermediateDirectories: true)
let ceilingFiles = 1_000
var started = clock.now
for index in 0..<ceilingFiles {
    let fd = open(ceilingFolder.appendingPathComponent("f\(index)").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var byte: UInt8 = 42
    _ = write(fd, &byte, 1)
    fsync(fd)
    close(fd)
}
let ceilingRate = Double(ceilingFiles) / seconds(clock.now - started)
try FileManager.default.removeItem(at: ceilingFolder)

// --- Text reports.
let textInbox = root.appendingPathComponent("text-inbox")
try FileManager.default.createDirectory(at: textInbox, withIntermediateDirectories: true)
let findings = ["The heart is normal in size.", "There is a small left pleural effusion.", "No pneumothorax.",
                "Mild cardiomegaly.", "Lungs are clear.", "Right basilar atelectasis.", "No focal consolidation."]
var paths: [URL] = []
for index in 0..<reportCount {
    let text = "FINDINGS: \(findings[index % 7]) \(findings[(index / 7) % 7]) Study \(index).\nIMPRESSION: \(findings[(index / 49) % 7])\n"
    let url = textInbox.appendingPathComponent("study-\(index).txt")
    try Data(text.utf8).write(to: url)
    paths.append(url)
}
let store = try CorpusStore.open(at: root.appendingPathComponent("Store"))
let ingestor = try Ingestor(store: store, defaultLanguage: .english, limits: ImageLimits(), maxFileBytes: 512 << 20)
started = clock.now
let textOutcome = try ingestor.ingest(paths)
let textSeconds = seconds(clock.now - started)
let textRSS = peakRSSMegabytes()
precondition(textOutcome.commit.reportsAdded == reportCount, "expected \(reportCount) reports, got \(textOutcome.commit.reportsAdded)")
let t = textOutcome.timings

print("== one-shot ingest of \(reportCount) text reports (one study each), release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("  end to end        \(format(textSeconds, 2)) s  →  \(Int(Double(reportCount) / textSeconds)) studies/s   (floor 1,000/s)")
print("  disk ceiling      \(Int(ceilingRate)) fsync'd small files/s, one at a time (issue: ~2,500/s on this disk)")
print("  stages            scan \(format(t.plan, 2)) s · read+hash+decode \(format(t.decode, 2)) s · durable blobs \(format(t.blobs, 2)) s · SQLite commit \(format(t.commit, 2)) s")
print("  peak RSS          \(format(textRSS)) MB   (floor < 300 MB)")

// --- Images.
guard imageCount > 0 else { exit(0) }
let imageInbox = root.appendingPathComponent("image-inbox")
try FileManager.default.createDirectory(at: imageInbox, withIntermediateDirectories: true)
let side = 1024
var imagePaths: [URL] = []
var totalBytes = 0
var state: UInt64 = 0x9E37_79B9_7F4A_7C15
for index in 0..<imageCount {
    var pixels = [UInt16](repeating: 0, count: side * side)
    for y in 0..<side {
        for x in 0..<side {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Int(state >> 58)   // 0…63: quantum noise, as a radiograph has
            let body = 20_000 + 20_000 * (1 - abs(x - side / 2) * 2 / side) + (y * 8) + index
            pixels[y * side + x] = UInt16(min(65_535, body + noise * 16))
        }
    }
    let data = Data(try PNGEncoder.encodeGray16(pixels, width: side, height: side))
    totalBytes += data.count
    let url = imageInbox.appendingPathComponent("image-\(index).png")
    try data.write(to: url)
    imagePaths.append(url)
}
let megabytes = Double(totalBytes) / 1e6

// Decode + hash alone, the same work without the store, one core and all cores.
started = clock.now
for url in imagePaths {
    let data = try Data(contentsOf: url)
    _ = ContentHash(of: data)
    _ = try PNGDecoder().decode(data)
}
let decodeOnly = seconds(clock.now - started)

started = clock.now
let imageOutcome = try ingestor.ingest(imagePaths)
let imageSeconds = seconds(clock.now - started)
precondition(imageOutcome.commit.imagesAdded == imageCount)
let i = imageOutcome.timings
print("== one-shot ingest of \(imageCount) 16-bit \(side)×\(side) PNGs (\(format(megabytes)) MB)")
print("  end to end        \(format(imageSeconds, 2)) s  →  \(format(Double(imageCount) / imageSeconds)) images/s, \(format(megabytes / imageSeconds)) MB/s")
print("  decode+hash alone \(format(decodeOnly, 2)) s on one core  →  \(format(megabytes / decodeOnly)) MB/s (the bound)")
print("  stages            read+hash+decode \(format(i.decode, 2)) s (\(ingestor.workers) workers) · durable blobs \(format(i.blobs, 2)) s · SQLite commit \(format(i.commit, 2)) s")
print("  peak RSS          \(format(peakRSSMegabytes())) MB")
