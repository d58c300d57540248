import Foundation

#if FUZZING
/// The libFuzzer entry point (`-sanitize=fuzzer` links libFuzzer's own `main`, which calls this
/// for every input). The harness comes from `M3CLIP_FUZZ_TARGET` rather than argv because
/// libFuzzer owns the command line and re-executes itself with it when merging or forking.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    // No copy: code that reads the data through a raw pointer reads libFuzzer's exactly-sized
    // buffer, where AddressSanitizer catches an overread by instrumented code (the Swift decoders
    // and the C shims; the system codec libraries are not instrumented). The Data does not
    // outlive this call.
    let data = if let bytes, count > 0 {
        Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes), count: count, deallocator: .none)
    } else {
        Data()
    }
    try? FuzzEntry.selected.run(data)
    return 0
}

/// Holds the harness named by the environment, read once: the first input traps with the list of
/// names when it is missing, instead of every input being silently ignored.
enum FuzzEntry {
    static let selected: FuzzHarness = {
        let name = ProcessInfo.processInfo.environment["M3CLIP_FUZZ_TARGET"] ?? ""
        guard let harness = FuzzHarness.named(name) else {
            fatalError("set M3CLIP_FUZZ_TARGET to one of: \(FuzzHarness.all.map(\.name).joined(separator: ", ")) (got \"\(name)\")")
        }
        return harness
    }()
}
#else
/// The ordinary build replays corpora (`CorpusReplay`); libFuzzer is not linked.
///
///     Fuzz                      every harness over its seeds in Tests/Fuzz/Corpus/<name>/
///     Fuzz NAME [PATH…]         one harness over files or folders (default: its seeds)
@main
enum FuzzEntry {
    /// Beside this source file, so the replay finds the seeds from any working directory.
    static let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "-h" || arguments.first == "--help" {
            print("usage: Fuzz [NAME [PATH…]]   harnesses: \(FuzzHarness.all.map(\.name).joined(separator: " "))")
            return
        }
        do {
            if let name = arguments.first {
                guard let harness = FuzzHarness.named(name) else {
                    fail("unknown harness \"\(name)\"; harnesses: \(FuzzHarness.all.map(\.name).joined(separator: " "))")
                }
                let paths = arguments.count > 1 ? arguments.dropFirst().map { URL(fileURLWithPath: $0) }
                                                : [corpusRoot.appendingPathComponent(name)]
                let count = try CorpusReplay(harness: harness).run(paths)
                print("fuzz replay: \(name): \(count) inputs, no crash")
            } else {
                try replayEverySeed()
            }
        } catch {
            fail("\(error)")
        }
    }

    /// Every harness must have seeds, and every seed folder a harness: a renamed harness cannot
    /// silently stop being replayed.
    private static func replayEverySeed() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: corpusRoot.path).filter { !$0.hasPrefix(".") }
        let names = FuzzHarness.all.map(\.name)
        if let stray = folders.first(where: { !names.contains($0) }) { fail("\(corpusRoot.path)/\(stray) has no harness") }
        var total = 0
        for harness in FuzzHarness.all {
            let count = try CorpusReplay(harness: harness).run([corpusRoot.appendingPathComponent(harness.name)])
            if count == 0 { fail("no seeds for \(harness.name) in \(corpusRoot.path)/\(harness.name)") }
            total += count
        }
        print("fuzz replay: \(FuzzHarness.all.count) harnesses, \(total) inputs, no crash")
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fuzz replay: \(message)\n".utf8))
        exit(2)
    }
}
#endif
