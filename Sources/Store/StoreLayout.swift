public import Foundation

/// Where everything lives inside a store folder.
public struct StoreLayout: Sendable, Equatable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    /// The metadata database (SQLite, WAL).
    public var database: URL { root.appendingPathComponent("m3clip.sqlite") }
    /// Content-addressed original bytes: `blobs/sha256/ab/cdef…`.
    public var blobs: URL { root.appendingPathComponent("blobs/sha256") }
    /// Blob temp files, on the same filesystem so that rename is atomic.
    public var blobStaging: URL { root.appendingPathComponent("blobs/staging") }
    /// Files that could not be taken, each with a reason file.
    public var quarantine: URL { root.appendingPathComponent("quarantine") }
    /// Runtime files: the control socket, the daemon's lock.
    public var run: URL { root.appendingPathComponent("run") }
    /// Trained models, one checkpoint folder per model id (`models/m-20261203-055500-ab12/`).
    public var models: URL { root.appendingPathComponent("models") }
    /// The symlink naming the live model's folder (switched atomically, like `indexes/current`).
    public var modelsCurrent: URL { models.appendingPathComponent("current") }

    /// The checkpoint folder of one model.
    public func modelFolder(id: String) -> URL { models.appendingPathComponent(id) }

    public func blobPath(for hash: ContentHash) -> URL {
        let hex = hash.hex
        return blobs.appendingPathComponent(String(hex.prefix(2))).appendingPathComponent(String(hex.dropFirst(2)))
    }
}
