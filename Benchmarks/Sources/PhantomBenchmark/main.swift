// Phantom generation speed (issue 6: at least 50 images/s at 512×512 on one core).
// Run from the repository root:
//   swift run -c release --scratch-path .build-release PhantomBenchmark [count] [size]
// (or, from the Benchmarks package: swift run -c release --package-path Benchmarks --scratch-path .build-bench PhantomBenchmark)
import Foundation
import Radiology
import Phantoms

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
let size = arguments.count > 2 ? Int(arguments[2]) ?? 512 : 512
let target = 50.0

/// CPU time of this thread: the one-core figure, unaffected by other processes on a busy host.
func threadSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure(_ name: String, _ body: (UInt64) -> Int) {
    for i in 0..<5 { _ = body(UInt64(10_000 + i)) }  // warm-up
    let start = ContinuousClock.now, cpuStart = threadSeconds()
    var checksum = 0
    for i in 0..<count { checksum &+= body(UInt64(i + 1)) }
    let elapsed = ContinuousClock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let cpu = threadSeconds() - cpuStart
    let rate = Double(count) / cpu
    let label = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(label + String(format: "%7.1f images/s per core (%.2f ms CPU each; wall %.1f/s; target ≥ %.0f/s: %@)  [checksum %08x]",
                         rate, 1000 * cpu / Double(count), Double(count) / wall, target, rate >= target ? "met" : "NOT met",
                         checksum & 0xffff_ffff))
}

print("PhantomBenchmark: \(count) images of \(size)×\(size), one thread")
// Warm-up: the first few dozen renders pay for page faults of fresh buffers.
for seed in UInt64(20_000)..<20_040 { _ = Phantom(labels: StudyMix.practice(seed: seed), seed: seed, width: size, height: size) }
measure("render, normal film") { seed in
    Int(Phantom(labels: FindingLabels().normalised(), seed: seed, width: size, height: size).pixels[size * size / 2])
}
measure("render, practice finding mix") { seed in
    Int(Phantom(labels: StudyMix.practice(seed: seed), seed: seed, width: size, height: size).pixels[size * size / 2])
}
var all = FindingLabels()
for finding in Finding.allCases where finding != .noFinding { all[finding] = .positive }
measure("render, all 13 findings at once") { seed in
    Int(Phantom(labels: all.normalised(), seed: seed, width: size, height: size).pixels[size * size / 2])
}
measure("render + 16-bit PNG encode, practice mix") { seed in
    (try? Phantom(labels: StudyMix.practice(seed: seed), seed: seed, width: size, height: size).pngData().count) ?? 0
}
