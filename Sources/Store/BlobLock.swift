import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serialises blob writers against garbage collection across processes (`flock` on
/// `Store/run/blobs.lock`): an ingest batch holds it shared from its first blob write to its commit,
/// GC holds it exclusively, so GC never sees (and deletes) a blob file whose row is not committed
/// yet. Several ingest batches (the daemon and `m3clip ingest`) may hold it at once.
public enum BlobLock {
    public static func withShared<Result>(_ layout: StoreLayout, _ body: () throws -> Result) throws -> Result {
        try with(layout, operation: LOCK_SH, body)
    }

    public static func withExclusive<Result>(_ layout: StoreLayout, _ body: () throws -> Result) throws -> Result {
        try with(layout, operation: LOCK_EX, body)
    }

    private static func with<Result>(_ layout: StoreLayout, operation: Int32, _ body: () throws -> Result) throws -> Result {
        try FileManager.default.createDirectory(at: layout.run, withIntermediateDirectories: true)
        let path = layout.run.appendingPathComponent("blobs.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, operation) != 0 {
            guard errno == EINTR else { throw StoreError("cannot lock \(path): \(String(cString: strerror(errno)))") }
        }
        return try body()
    }
}
