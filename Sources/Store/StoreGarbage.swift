/// What a store garbage collection removed (or, in a dry run, would remove).
public struct StoreGarbage: Sendable, Codable, Equatable {
    /// Rows deleted per table (soft-removed rows no retained version needs).
    public var rows: [String: Int] = [:]
    /// Blob rows (and their files) no remaining row names.
    public var blobs = 0
    public var blobBytes: Int64 = 0
    /// Files under `blobs/` without a row (left by a crash) and stale staging files.
    public var orphanFiles = 0
    /// Versions that can no longer be reconstructed ("as of" them is refused from now on).
    public var collectedVersions: [Int] = []

    public init() {}
}
