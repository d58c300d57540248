import Foundation
public import Store

/// What one ingest did: the commit, and everything that was not taken.
public struct IngestOutcome: Sendable, Codable {
    public var commit: CommitResult
    public var studiesSeen: Int
    public var quarantined: [QuarantineEntry]
    /// Dot-names and empty folders left alone.
    public var skipped: [String]
    /// Every file now safely in the store or copied into quarantine (or a symlink recorded there),
    /// with the size and mtime it had when read: what a watcher may delete from the inbox, if
    /// unchanged since.
    public var settledFiles: [TakenFile]
    /// Top-level entries that changed between the scan that saw them settle and their read: left
    /// in the inbox, untouched, to settle again.
    public var changed: [String] = []
    /// Where the time went.
    public var timings: IngestTimings
}

/// Seconds spent in each stage of one ingest.
public struct IngestTimings: Sendable, Codable {
    /// Scanning the paths (lstat, directory listings).
    public var plan: Double = 0
    /// Reading, hashing and decoding (wall time, all workers).
    public var decode: Double = 0
    /// Durable blob writes (temp, fsync, rename, fsync directories).
    public var blobs: Double = 0
    public var quarantine: Double = 0
    /// The SQLite transaction.
    public var commit: Double = 0
}

/// A file ingest has dealt with, and how it looked when it was read.
public struct TakenFile: Sendable, Codable, Equatable {
    public var path: String
    public var size: Int?
    /// Seconds since 1970 (nil for a symlink, which was never opened).
    public var modifiedAt: Double?
}
