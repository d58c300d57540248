import Foundation
#if canImport(CDispatch)
// With SwiftNIO linked, release builds resolve `stat` and `timespec` members through CDispatch.
import CDispatch
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole regular file without following a symlink (`O_NOFOLLOW`, checked on the open
/// descriptor, so a file swapped for a link between scan and read is still refused) and without
/// reading more than `maxBytes`. The open is non-blocking, so a FIFO swapped in after the scan is
/// refused as not a regular file instead of waiting for a writer (O_NONBLOCK changes nothing for
/// reads of a regular file).
struct SafeFileReader {
    var maxBytes: Int

    struct Contents {
        var bytes: Data
        var modifiedAt: Double
    }

    enum Failure: Error {
        case symlink
        case notRegular
        case tooLarge(Int)
        case io(String)
    }

    func read(_ url: URL) -> Result<Contents, Failure> {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(errno == ELOOP ? .symlink : .io(String(cString: strerror(errno))))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.io(String(cString: strerror(errno)))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        let size = Int(info.st_size)
        guard size <= maxBytes else { return .failure(.tooLarge(size)) }
        let modifiedAt = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        var bytes = Data(count: size)
        var total = 0
        let failure: String? = bytes.withUnsafeMutableBytes { buffer in
            while total < size {
                let count = Glibc.read(fd, buffer.baseAddress! + total, size - total)
                if count < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                if count == 0 { break }
                total += count
            }
            return nil
        }
        if let failure { return .failure(.io(failure)) }
        if total < size { bytes.count = total }
        return .success(Contents(bytes: bytes, modifiedAt: modifiedAt))
    }
}
