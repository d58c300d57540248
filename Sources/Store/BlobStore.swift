public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Content-addressed storage of original bytes under `blobs/sha256/ab/cdef…`.
///
/// Writes are durable before they return: each blob goes to a temp file in `blobs/staging/`, is
/// fsync'd, renamed into place, and every directory that gained an entry is fsync'd once. Only
/// then may a database row name the blob. A crash leaves at worst a staging file or an unnamed
/// blob, which garbage collection removes; never a row pointing at missing bytes.
public struct BlobStore: Sendable {
    public let layout: StoreLayout
    /// How many fsyncs run at once: fsync waits on the device, not the CPU, so a few in flight
    /// keep its queue full.
    public var syncParallelism: Int

    public init(layout: StoreLayout, syncParallelism: Int = 8) {
        self.layout = layout
        self.syncParallelism = syncParallelism
    }

    public func contains(_ hash: ContentHash) -> Bool {
        FileManager.default.fileExists(atPath: layout.blobPath(for: hash).path)
    }

    public func read(_ hash: ContentHash) throws -> Data {
        try Data(contentsOf: layout.blobPath(for: hash))
    }

    /// Stores every blob not already present, durably. `blobs` may repeat a hash.
    public func write(_ blobs: [(hash: ContentHash, bytes: Data)]) throws(StoreError) {
        var seen = Set<ContentHash>()
        let missing = blobs.filter { seen.insert($0.hash).inserted && !contains($0.hash) }
        guard !missing.isEmpty else { return }
        try makeDirectory(layout.blobStaging)

        // 1. Write and fsync every temp file, several at a time.
        let staged = missing.map { layout.blobStaging.appendingPathComponent("\($0.hash.hex).\(UUID().uuidString)") }
        let failures = FailureList()
        let parallelism = max(1, min(syncParallelism, missing.count))
        DispatchQueue.concurrentPerform(iterations: parallelism) { worker in
            var index = worker
            while index < missing.count {
                if let message = Self.writeSynced(missing[index].bytes, to: staged[index].path) {
                    failures.append(message)
                }
                index += parallelism
            }
        }
        if let first = failures.first {
            for path in staged { unlink(path.path) }
            throw StoreError("cannot write blob: \(first)")
        }

        // 2. Rename into place, then make every touched directory's entries durable.
        var directories = Set<String>()
        for (index, blob) in missing.enumerated() {
            let target = layout.blobPath(for: blob.hash)
            let directory = target.deletingLastPathComponent()
            if !directories.contains(directory.path) {
                try makeDirectory(directory)
                directories.insert(directory.path)
            }
            guard rename(staged[index].path, target.path) == 0 else {
                throw StoreError("cannot rename blob into \(target.path): \(String(cString: strerror(errno)))")
            }
        }
        directories.insert(layout.blobs.path)
        for directory in directories.sorted() {
            if let message = Self.syncDirectory(directory) { throw StoreError("cannot sync \(directory): \(message)") }
        }
    }

    private func makeDirectory(_ url: URL) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot create \(url.path): \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to a new file at `path` and fsyncs it; returns an error message or nil.
    private static func writeSynced(_ bytes: Data, to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        let failure: String? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return "\(path): \(String(cString: strerror(errno)))"
                }
                offset += written
            }
            return nil
        }
        if let failure { return failure }
        guard fsync(fd) == 0 else { return "\(path): fsync: \(String(cString: strerror(errno)))" }
        return nil
    }

    static func syncDirectory(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        return fsync(fd) == 0 ? nil : String(cString: strerror(errno))
    }
}

/// Collects error messages from concurrent workers.
private final class FailureList: @unchecked Sendable {
    private var messages: [String] = []
    private let lock = NSLock()
    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var first: String? { lock.withLock { messages.first } }
}
