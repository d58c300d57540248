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
    /// Studies read (and their blobs written) per chunk.
    public var chunkSize = 256
    /// Concurrent readers/decoders.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init(store: CorpusStore, defaultLanguage: LanguageCode, limits: ImageLimits, maxFileBytes: Int) {
        self.store = store
        self.quarantine = Quarantine(layout: store.layout)
        self.defaultLanguage = defaultLanguage
        self.limits = limits
        self.maxFileBytes = maxFileBytes
    }

    /// Ingests `paths` (files or study folders) as one corpus version.
    /// Throws only when the store itself fails; bad input ends in quarantine.
    public func ingest(_ paths: [URL], note: String? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestOutcome {
        let plan = IngestPlanner().plan(paths)
        return try ingest(plan, note: note, progress: progress)
    }

    public func ingest(_ plan: IngestPlanner.Plan, note: String? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> IngestOutcome {
        let reader = StudyReader(defaultLanguage: defaultLanguage, limits: limits, maxFileBytes: maxFileBytes)
        var studies: [IncomingStudy] = []
        var failures = plan.failures
        var failedSources = Set<String>()
        let candidates = plan.candidates
        var start = 0
        while start < candidates.count {
            let chunk = Array(candidates[start..<min(start + chunkSize, candidates.count)])
            let outputs = readConcurrently(chunk, with: reader)
            var blobs: [(hash: ContentHash, bytes: Data)] = []
            for (candidate, output) in zip(chunk, outputs) {
                blobs += output.blobs
                failures += output.failures
                let study = output.study
                if !study.reports.isEmpty || !study.images.isEmpty {
                    studies.append(study)
                } else if output.failures.isEmpty {
                    // Nothing decodable and nothing failed: an empty study; leave the source alone.
                    failedSources.insert(candidate.source.path)
                }
            }
            try store.blobs.write(blobs)
            start += chunk.count
            progress?(start, candidates.count)
        }

        var entries: [QuarantineEntry] = []
        for failure in failures {
            entries.append(try record(failure))
        }
        let commit = try store.commit(IngestBatch(studies: studies, quarantinedCount: entries.count, note: note))
        let settled = candidates.map(\.source.path).filter { !failedSources.contains($0) }
            + plan.failures.map(\.url.path)
        return IngestOutcome(commit: commit, studiesSeen: candidates.count, quarantined: entries,
                             skipped: plan.skipped.map(\.path), settledSources: settled)
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

    /// Puts a failed file in quarantine (copying its bytes; never a symlink's target).
    private func record(_ failure: FileFailure) throws -> QuarantineEntry {
        let entry = QuarantineEntry(
            id: Quarantine.makeID(), name: failure.url.lastPathComponent, originalPath: failure.url.path,
            size: failure.size ?? failure.bytes?.count, sha256: failure.bytes.map { ContentHash(of: $0).hex },
            modifiedAt: failure.modifiedAt, reason: failure.reason, code: failure.code, stage: failure.stage,
            decoder: failure.decoder, studyKey: failure.studyKey, quarantinedAt: Date().ISO8601Format(), copied: false)
        if let bytes = failure.bytes { return try quarantine.add(entry, bytes: bytes) }
        if IngestPlanner.entryType(failure.url) == .file { return try quarantine.add(entry, copying: failure.url) }
        return try quarantine.add(entry, bytes: nil)
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
