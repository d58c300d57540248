public import Foundation
import CPlatform
#if canImport(Glibc)
import Glibc
#endif

/// Content-addressed storage of original bytes under `blobs/sha256/ab/cdef…`.
///
/// Writes are durable before they return: each blob goes to a temp file in `blobs/staging/`, the
/// temp files are made durable, renamed into place, and the renames are made durable. Only then
/// may a database row name the blob.
///
/// Durability comes from one `syncfs(2)` per step for a batch of many blobs (one journal commit
/// instead of one per file: the difference between ~300 and thousands of small files a second on
/// a busy disk), or from per-file `fsync` plus an fsync of each touched directory for a few blobs
/// or where `syncfs` is unavailable. A crash leaves at worst a staging file or an unnamed
/// blob, which garbage collection removes; never a row pointing at missing bytes.
public struct BlobStore: Sendable {
    public let layout: StoreLayout
    /// How many fsyncs run at once, each on its own thread: fsync waits on the device, not the CPU,
    /// and concurrent fsyncs share journal commits, so many in flight multiply throughput.
    public var syncParallelism: Int

    /// From this many blobs up, one `syncfs` per step replaces per-file fsyncs.
    public var syncfsThreshold: Int

    public init(layout: StoreLayout, syncParallelism: Int = 64, syncfsThreshold: Int = 16) {
        self.layout = layout
        self.syncParallelism = syncParallelism
        self.syncfsThreshold = syncfsThreshold
    }

    public func contains(_ hash: ContentHash) -> Bool {
        FileManager.default.fileExists(atPath: layout.blobPath(for: hash).path)
    }

    public func read(_ hash: ContentHash) throws -> Data {
        try Data(contentsOf: layout.blobPath(for: hash))
    }

    /// Removes the staged files a writer killed mid-batch left behind (their rows never committed,
    /// and the inbox still holds the files). Takes the blob lock exclusively, so a live writer's
    /// staged files are never touched. Returns how many were removed.
    @discardableResult
    public func removeAbandonedStaging() throws -> Int {
        try BlobLock.withExclusive(layout) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.blobStaging.path)) ?? []
            for name in names { unlink(layout.blobStaging.appendingPathComponent(name).path) }
            return names.count
        }
    }

    /// Stores every blob not already present, durably. `blobs` may repeat a hash.
    public func write(_ blobs: [(hash: ContentHash, bytes: Data)]) throws(StoreError) {
        var seen = Set<ContentHash>()
        let missing = blobs.filter { seen.insert($0.hash).inserted && !contains($0.hash) }
        guard !missing.isEmpty else { return }
        try makeDirectory(layout.blobStaging)

        // 1. Write every temp file and make it durable: one syncfs, or fsyncs several at a time.
        let staged = missing.map { layout.blobStaging.appendingPathComponent("\($0.hash.hex).\(UUID().uuidString)") }
        let useSyncfs = missing.count >= syncfsThreshold
        let failures = FailureList()
        let parallelism = max(1, min(useSyncfs ? 2 : syncParallelism, missing.count))
        // Dedicated threads, not Dispatch's CPU-sized pool: these block on the disk.
        let done = DispatchGroup()
        for worker in 0..<parallelism {
            done.enter()
            let thread = Thread {
                var index = worker
                while index < missing.count {
                    if let message = Self.write(missing[index].bytes, to: staged[index].path, sync: !useSyncfs) {
                        failures.append(message)
                    }
                    index += parallelism
                }
                done.leave()
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        done.wait()
        if useSyncfs, let message = Self.syncFilesystem(of: layout.blobStaging.path) { failures.append("syncfs: \(message)") }
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
            var failure: String?
            if let code = StoreFaults.shared.check(.blobRename) {
                failure = StoreFaults.message(code)
            } else if rename(staged[index].path, target.path) != 0 {
                failure = String(cString: strerror(errno))
            }
            if let failure {
                // Blobs already renamed in are harmless (content-addressed, found present next
                // time); the staged rest would only wait for the next start's cleanup.
                for path in staged[index...] { unlink(path.path) }
                throw StoreError("cannot rename blob into \(target.path): \(failure)")
            }
        }
        directories.insert(layout.blobs.path)
        if useSyncfs {
            if let message = Self.syncFilesystem(of: layout.blobs.path) { throw StoreError("cannot sync the blob store: \(message)") }
            return
        }
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

    /// Writes `bytes` to a new file at `path` (fsync'd when `sync`); returns an error message or nil.
    private static func write(_ bytes: Data, to path: String, sync: Bool) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        if let code = StoreFaults.shared.check(.blobWrite) { return "\(path): \(StoreFaults.message(code))" }
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
        if sync, let code = StoreFaults.shared.check(.blobFsync) { return "\(path): fsync: \(StoreFaults.message(code))" }
        guard !sync || fsync(fd) == 0 else { return "\(path): fsync: \(String(cString: strerror(errno)))" }
        return nil
    }

    /// syncfs(2) on the filesystem holding `path`; returns an error message or nil.
    static func syncFilesystem(of path: String) -> String? {
        if let code = StoreFaults.shared.check(.directoryFsync) { return StoreFaults.message(code) }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        return m3_syncfs(fd) == 0 ? nil : String(cString: strerror(errno))
    }

    /// fsync of a directory, so entries created, renamed or removed in it are durable; returns an
    /// error message or nil.
    public static func syncDirectory(_ path: String) -> String? {
        if let code = StoreFaults.shared.check(.directoryFsync) { return StoreFaults.message(code) }
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
