import Foundation

/// Runs saved inputs through a harness once each, in an ordinary build: how CI checks that every
/// seed and every crash ever found (kept as a regression seed) still decodes or fails cleanly,
/// without a sanitizer toolchain or a fuzzing run. A regression traps and takes the process down,
/// so the file being replayed is named on stderr before it runs.
struct CorpusReplay {
    let harness: FuzzHarness

    /// Every regular file under `paths` (folders are walked, hidden files skipped), sorted so runs
    /// are repeatable; returns how many ran.
    func run(_ paths: [URL]) throws -> Int {
        let files = try paths.flatMap { try Self.files(at: $0) }.sorted { $0.path < $1.path }
        for file in files {
            let data = try Data(contentsOf: file)
            FileHandle.standardError.write(Data("replay \(harness.name): \(file.path) … ".utf8))
            let outcome: String
            do {
                try harness.run(data)
                outcome = "decoded"
            } catch {
                outcome = "refused: \(error)"
            }
            FileHandle.standardError.write(Data("\(outcome)\n".utf8))
        }
        return files.count
    }

    private static func files(at url: URL) throws -> [URL] {
        let values = try url.resourceValues(forKeys: [.isDirectoryKey])
        guard values.isDirectory == true else { return [url] }
        let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                                    options: [.skipsHiddenFiles])
        return (walker?.allObjects as? [URL] ?? []).filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }
}
