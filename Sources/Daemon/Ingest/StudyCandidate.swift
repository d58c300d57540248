public import Foundation

/// A study as found on disk, before anything is read: its key and the files that make it up.
public struct StudyCandidate: Sendable, Equatable {
    /// The study key: a study folder's name, or a loose file's name without extension (an Open-i
    /// XML's `uId` replaces it once the file is read).
    public var key: String
    public var files: [URL]
    /// The top-level path this study came from (the folder or the loose file): what a watcher
    /// removes from the inbox once the study is committed.
    public var source: URL
    public var isFolder: Bool
    /// Total size of its files when planned (bounds how much one chunk holds in memory).
    public var bytes: Int = 0
    /// The signature the inbox scan saw settle (nil outside the daemon). The reader checks it again
    /// after reading: an entry that changed since (a producer rewriting it in place) is left in the
    /// inbox to settle again, never stored from a half-written read.
    public var settled: EntrySignature?
}

/// A file that could not be taken, and why.
public struct FileFailure: Sendable {
    public var url: URL
    public var code: String
    public var stage: String
    public var decoder: String?
    public var reason: String
    public var studyKey: String?
    /// The bytes to copy into quarantine (nil for a symlink, which is never followed).
    public var bytes: Data?
    public var size: Int?
    public var modifiedAt: Double?

    init(url: URL, code: String, stage: String, decoder: String? = nil, reason: String, studyKey: String? = nil,
         bytes: Data? = nil, size: Int? = nil, modifiedAt: Double? = nil) {
        self.url = url
        self.code = code
        self.stage = stage
        self.decoder = decoder
        self.reason = reason
        self.studyKey = studyKey
        self.bytes = bytes
        self.size = size
        self.modifiedAt = modifiedAt
    }
}
