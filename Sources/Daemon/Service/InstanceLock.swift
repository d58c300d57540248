import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One daemon per store: an exclusive `flock` on `Store/run/daemon.lock`, held for the process's
/// life (the kernel drops it when the process dies, even by `kill -9`). The file holds the pid.
final class InstanceLock {
    struct Held: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32

    init(path: URL) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(path.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Held(description: "cannot open \(path.path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = read(fd, &buffer, buffer.count)
            let pid = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw Held(description: "another m3clip daemon (pid \(pid)) is running on this store (\(path.path) is locked)")
        }
        ftruncate(fd, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pwrite(fd, pid, pid.count, 0)
        self.fd = fd
    }

    deinit { close(fd) }
}
