#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a new file sequentially, hashing the bytes as they go, and makes it durable on `finish()`.
///
/// The file is created exclusively (`O_EXCL`): writers never overwrite; publishing renames a whole
/// folder into place instead. On any error the partial file is removed.
final class DurableFileWriter {
    let path: String
    private var descriptor: Int32
    private let hasher = SHA256Hasher()
    private var buffer: [UInt8] = []
    private let bufferCapacity = 1 << 20
    private(set) var size = 0

    init(path: String) throws(IndexError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError("cannot create \(path): \(systemError())") }
        buffer.reserveCapacity(bufferCapacity)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(path)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
        if buffer.count + bytes.count > bufferCapacity { try flush() }
        if bytes.count >= bufferCapacity {
            try writeThrough(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func write(_ bytes: [UInt8]) throws(IndexError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(IndexError) in try write(UnsafeRawBufferPointer(buffer)) }
    }

    func write<Value: FixedWidthInteger>(littleEndian value: Value) throws(IndexError) {
        try write((0..<MemoryLayout<Value>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
    }

    /// Flushes, `fsync`s and closes the file. The folder entry still needs an fsync of the folder.
    func finish() throws(IndexError) -> FileDigest {
        try flush()
        guard fsync(descriptor) == 0 else { throw IndexError("cannot fsync \(path): \(systemError())") }
        let status = close(descriptor)
        descriptor = -1
        guard status == 0 else {
            unlink(path)
            throw IndexError("cannot close \(path): \(systemError())")
        }
        return FileDigest(size: size, sha256: hasher.finalize())
    }

    private func flush() throws(IndexError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { (raw) throws(IndexError) in try writeThrough(UnsafeRawBufferPointer(raw)) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeThrough(_ bytes: UnsafeRawBufferPointer) throws(IndexError) {
        hasher.update(bytes)
        var offset = 0
        while offset < bytes.count {
            let written = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw IndexError("cannot write \(path): \(systemError())")
            }
            offset += written
        }
        size += bytes.count
    }
}

/// `fsync`s a folder so that the entries created, renamed or removed in it are durable.
func syncDirectory(_ path: String) throws(IndexError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw IndexError("cannot open folder \(path): \(systemError())") }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw IndexError("cannot fsync folder \(path): \(systemError())") }
}

private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
