public import Foundation
public import Store

/// What one ingest did: the commit, and everything that was not taken.
public struct IngestOutcome: Sendable, Codable {
    public var commit: CommitResult
    public var studiesSeen: Int
    public var quarantined: [QuarantineEntry]
    /// Dot-names and empty folders left alone.
    public var skipped: [String]
    /// The top-level paths whose every file is now in the store or in quarantine (what a watcher
    /// may delete from the inbox).
    public var settledSources: [String]
}
