public import Foundation
#if canImport(CDispatch)
// With SwiftNIO linked, release builds resolve `stat` and `timespec` members through CDispatch.
import CDispatch
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What "unchanged" means for an inbox entry: a file's size and mtime; for a study folder, the
/// number of files, their total size and the newest mtime anywhere inside it.
public struct EntrySignature: Hashable, Sendable {
    public var files: Int
    public var bytes: Int
    /// Newest modification time, in nanoseconds since 1970.
    public var modified: Int64

    /// The signature of the entry at `url` (never following a symlink); nil when it is gone.
    public static func of(_ url: URL) -> EntrySignature? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            var signature = EntrySignature(files: 0, bytes: 0, modified: nanoseconds(info.st_mtim))
            accumulate(url.path, into: &signature, depth: 0)
            return signature
        default:
            return EntrySignature(files: 1, bytes: Int(info.st_size), modified: nanoseconds(info.st_mtim))
        }
    }

    private static func accumulate(_ path: String, into signature: inout EntrySignature, depth: Int) {
        guard depth < 16, let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }
            signature.modified = max(signature.modified, nanoseconds(info.st_mtim))
            if info.st_mode & S_IFMT == S_IFDIR {
                accumulate(child, into: &signature, depth: depth + 1)
            } else {
                signature.files += 1
                signature.bytes += Int(info.st_size)
            }
        }
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
