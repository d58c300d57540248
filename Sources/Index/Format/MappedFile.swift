#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only (`mmap`, `PROT_READ`, `MAP_SHARED`) for as long as this object lives.
///
/// The mapping stays valid after the file is renamed or unlinked, which is what lets a reader keep
/// searching an index after `current` moves or the index is deleted. Published files are never
/// modified in place (a truncated mapped file would raise `SIGBUS` on access).
public final class MappedFile: @unchecked Sendable {
    public let path: String
    /// The file's bytes; empty (with a nil base address) for an empty file. Valid only while this
    /// object lives: use ``withBytes(_:)`` unless something else holds the object.
    public let bytes: UnsafeRawBufferPointer

    public init(path: String) throws(IndexError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexError("cannot open \(path): \(systemError())") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw IndexError("cannot stat \(path): \(systemError())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw IndexError("\(path) is not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw IndexError("cannot map \(path): \(systemError())") }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Runs `body` on the bytes, keeping the mapping alive until it returns.
    public func withBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(bytes)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
