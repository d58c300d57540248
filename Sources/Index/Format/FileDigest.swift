/// A file's size in bytes and its SHA-256 (64 lower-case hexadecimal digits), as the manifest
/// records them for every file of a published index.
public struct FileDigest: Codable, Sendable, Equatable {
    public var size: Int
    public var sha256: String

    public init(size: Int, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }

    /// Hashes a whole file (through a read-only mapping).
    public init(contentsOf path: String) throws(IndexError) {
        let file = try MappedFile(path: path)
        self.init(size: file.bytes.count, sha256: file.withBytes { SHA256Hasher.digest($0) })
    }
}
