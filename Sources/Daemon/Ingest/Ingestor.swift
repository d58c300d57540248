public import Foundation
public import Formats
public import Radiology
public import Store

/// Decode → store: reads study candidates in parallel, writes their bytes to the blob store in
/// chunks (so memory stays bounded by one chunk, not the batch), quarantines what cannot be
/// taken, and commits everything else as one corpus version.
public struct Ingestor: Sendable {
    public var store: CorpusStore
    public var quarantine: Quarantine
    public var defaultLanguage: LanguageCode
    public var limits: ImageLimits
    public var maxFileBytes: Int
    /// Studies read (and their blobs written) per chunk, and the most bytes a chunk holds: memory
    /// stays bounded by one chunk, whatever the batch.
    public var chunkSize = 1024
    public var chunkBytes = 96 << 20
    /// Concurrent readers/decoders.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// What is already in quarantine, so a file that fails again is not recorded twice.
    public let quarantineIndex: QuarantineIndex

    /// Labels every English report (aggregate and per sentence) before it is stored.
    public var labeler: Labeler
    /// Scrubs every report before it is labeled and stored (nil: de-identification off). The
    /// original bytes stay in the blob store; rows, translations, indexes and logs see the scrub.
    public var deidentifier: Deidentifier?
    /// With `[deid] shift_dates`: the secret each study's date shift is derived from
    /// (``DateShifter/init(key:salt:)``); nil: dates become `[DATE]`.
    public var dateShiftSalt: String?

    /// Throws when the labeler's lexicons cannot be loaded (a broken installation).
    public init(store: CorpusStore, defaultLanguage: LanguageCode, limits: ImageLimits, maxFileBytes: Int,
                labeler: Labeler? = nil) throws {
        self.labeler = try labeler ?? Labeler()
        // De-identification is on unless a configuration turns it off.
        self.deidentifier = try Deidentifier()
        self.store = store
        self.quarantine = Quarantine(layout: store.layout)
        self.quarantineIndex = QuarantineIndex(quarantine: quarantine)
        self.defaultLanguage = defaultLanguage
        self.limits = limits
        self.maxFileBytes = maxFileBytes
    }

    /// Ingests `paths` (files or study folders) as one corpus version.
    /// Throws only when the store itself fails; bad input ends in quarantine.
    /// `settled`: the signature the inbox scan saw settle for each top-level path (the daemon); an
    /// entry whose signature differs after it was read is not taken (``IngestOutcome/changed``).
    public func ingest(_ paths: [URL], settled: [URL: EntrySignature] = [:], note: String? = nil,
                       progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        var plan = IngestPlanner().plan(paths)
        if !settled.isEmpty {
            let bySource = Dictionary(settled.map { ($0.key.standardizedFileURL, $0.value) }, uniquingKeysWith: { first, _ in first })
            for index in plan.candidates.indices { plan.candidates[index].settled = bySource[plan.candidates[index].source] }
        }
        let planned = (clock.now - started).seconds
        var outcome = try ingest(plan, note: note, progress: progress)
        outcome.timings.plan = planned
        return outcome
    }

    /// Holds ``BlobLock`` (shared) from the first blob write to the commit, so garbage collection
    /// never deletes a blob whose row is about to be committed.
    public func ingest(_ plan: IngestPlanner.Plan, note: String? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestOutcome {
        try BlobLock.withShared(store.layout) { try ingestLocked(plan, note: note, progress: progress) }
    }

    private func ingestLocked(_ plan: IngestPlanner.Plan, note: String?, progress: (@Sendable (Int, Int) -> Void)?) throws -> IngestOutcome {
        let clock = ContinuousClock()
        var timings = IngestTimings()
        let reader = StudyReader(defaultLanguage: defaultLanguage, limits: limits, maxFileBytes: maxFileBytes, labeler: labeler,
                                 deidentifier: deidentifier, dateShiftSalt: dateShiftSalt)
        var studies: [IncomingStudy] = []
        var failures = plan.failures
        var settled: [TakenFile] = []
        var changed: [String] = []
        let candidates = plan.candidates
        var start = 0
        while start < candidates.count {
            var end = start + 1
            var bytes = candidates[start].bytes
            while end < candidates.count, end - start < chunkSize, bytes + candidates[end].bytes <= chunkBytes {
                bytes += candidates[end].bytes
                end += 1
            }
            let chunk = Array(candidates[start..<end])
            var mark = clock.now
            let outputs = readConcurrently(chunk, with: reader)
            timings.decode += (clock.now - mark).seconds
            var blobs: [(hash: ContentHash, bytes: Data)] = []
            for (candidate, output) in zip(chunk, outputs) {
                if output.changed { changed.append(candidate.source.path); continue }
                blobs += output.blobs
                failures += output.failures
                settled += output.taken
                if !output.study.reports.isEmpty || !output.study.images.isEmpty || !output.study.sidecars.isEmpty {
                    studies.append(output.study)
                }
            }
            mark = clock.now
            try store.blobs.write(blobs)
            timings.blobs += (clock.now - mark).seconds
            start += chunk.count
            progress?(start, candidates.count)
        }

        var mark = clock.now
        var entries: [QuarantineEntry] = []
        for failure in failures {
            let (entry, isNew) = try record(failure)
            if isNew { entries.append(entry) }
            if entry.copied || entry.code == "symlink" {
                settled.append(TakenFile(path: failure.url.path, size: failure.size, modifiedAt: failure.modifiedAt))
            }
        }
        timings.quarantine = (clock.now - mark).seconds
        mark = clock.now
        let commit = try store.commit(IngestBatch(studies: studies, quarantinedCount: entries.count, note: note))
        timings.commit = (clock.now - mark).seconds
        return IngestOutcome(commit: commit, studiesSeen: candidates.count, quarantined: entries,
                             skipped: plan.skipped.map(\.path), settledFiles: settled, changed: changed, timings: timings)
    }

    private func readConcurrently(_ chunk: [StudyCandidate], with reader: StudyReader) -> [StudyReader.Output] {
        let results = OutputSlots(count: chunk.count)
        let now = Date()
        let parallelism = max(1, min(workers, chunk.count))
        DispatchQueue.concurrentPerform(iterations: parallelism) { worker in
            var index = worker
            while index < chunk.count {
                results.set(index, reader.read(chunk[index], arrivedAt: now))
                index += parallelism
            }
        }
        return results.values()
    }

    /// Puts a failed file in quarantine (copying its bytes; never a symlink's target). When the same
    /// file (path, size, mtime) is in quarantine already — an inbox entry retaken after a crash —
    /// the existing entry is returned and nothing new is recorded.
    private func record(_ failure: FileFailure) throws -> (entry: QuarantineEntry, isNew: Bool) {
        if let existing = quarantineIndex.entry(path: failure.url.path, size: failure.size, modifiedAt: failure.modifiedAt) {
            return (existing, false)
        }
        let entry = QuarantineEntry(
            id: Quarantine.makeID(), name: failure.url.lastPathComponent, originalPath: failure.url.path,
            size: failure.size ?? failure.bytes?.count, sha256: failure.bytes.map { ContentHash(of: $0).hex },
            modifiedAt: failure.modifiedAt, reason: failure.reason, code: failure.code, stage: failure.stage,
            decoder: failure.decoder, studyKey: failure.studyKey, quarantinedAt: Date().ISO8601Format(), copied: false)
        let recorded: QuarantineEntry
        if let bytes = failure.bytes {
            recorded = try quarantine.add(entry, bytes: bytes)
        } else if IngestPlanner.entryType(failure.url) == .file, failure.code != "io-error" {
            recorded = try quarantine.add(entry, copying: failure.url)
        } else {
            recorded = try quarantine.add(entry, bytes: nil)
        }
        quarantineIndex.insert(recorded)
        return (recorded, true)
    }
}

/// Result slots filled by concurrent workers, each index written once.
private final class OutputSlots: @unchecked Sendable {
    private var slots: [StudyReader.Output?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: StudyReader.Output) { lock.withLock { slots[index] = value } }
    func values() -> [StudyReader.Output] { slots.map { $0! } }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
