import Foundation
#if canImport(CDispatch)
// With SwiftNIO linked, release builds resolve `stat` and `timespec` members through CDispatch.
import CDispatch
#endif
import Formats
import Logging
import Radiology
public import ServiceLifecycle
import Store
#if canImport(Glibc)
import Glibc
#endif

/// The inbox watcher and ingest loop: wakes on inotify events, control commands or its timers,
/// scans the inbox, takes what is ready (renamed in, or settled) in batches — one corpus version
/// per batch, bounded by `ingest.batch_max_files` — and removes what it took only after the commit.
///
/// On graceful shutdown it finishes the batch in flight and takes nothing new.
public final class InboxService: Service, @unchecked Sendable {
    let state: DaemonState
    let store: CorpusStore
    let logger: Logger
    let wake = WakeSignal()
    private let lock = NSLock()
    private var tracker: InboxTracker
    private var movedIn: [String] = []
    private let work = DispatchQueue(label: "m3clip.ingest")
    private let ingestor: IngestorBox
    /// Store failures in a row (only the ingest loop touches it): the backoff's exponent.
    private var consecutiveFailures = 0

    init(state: DaemonState, store: CorpusStore, logger: Logger) throws {
        self.state = state
        self.store = store
        self.logger = logger
        let configuration = state.currentConfiguration
        tracker = InboxTracker(settleSeconds: configuration.inbox.settleSeconds)
        ingestor = IngestorBox(try Ingestor(configuration: configuration, store: store))
    }

    /// Applies a reloaded configuration's live settings (settle, rescan, batch and decode limits).
    func apply(_ configuration: Configuration) {
        lock.withLock { tracker.settleSeconds = configuration.inbox.settleSeconds }
        let current = ingestor.current
        if let replacement = try? Ingestor(configuration: configuration, store: store, labeler: current.labeler) {
            ingestor.replace(replacement)
        }
        wake.signal()
    }

    /// The labeler ingest uses (shared with the translation stage's English-pivot labeling).
    var labeler: Labeler { ingestor.current.labeler }

    /// Called when a quarantine retry put files back: forget what was left behind and rescan.
    func retry() {
        ingestor.current.quarantineIndex.invalidate()
        lock.withLock { tracker.forgetLeftBehind() }
        wake.signal()
    }

    public func run() async throws {
        let inbox = state.currentConfiguration.inbox.path
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let watcher = InotifyWatcher(folder: inbox) { [weak self] events in self?.handle(events) }
        state.setWatcher(watcher == nil ? "polling" : "inotify")
        logger.info("watching inbox", metadata: ["inbox": "\(inbox.path)", "watcher": "\(watcher == nil ? "polling" : "inotify")"])
        defer { watcher?.stop() }

        await withGracefulShutdownHandler {
            var lastRescan = -Double.infinity
            while state.currentMode != .stopping {
                let configuration = state.currentConfiguration
                let now = Self.now()
                if state.currentMode == .paused {
                    await wake.wait(upTo: configuration.inbox.rescanSeconds)
                    continue
                }
                let scan = scanInbox(configuration.inbox.path)
                lastRescan = now
                let ready: [String] = lock.withLock {
                    for name in movedIn { tracker.noteMovedIn(name) }
                    movedIn.removeAll()
                    tracker.observe(scan, now: now)
                    return tracker.ready(now: now)
                }
                state.setBacklog(scan.count)
                if state.currentMode == .draining, ready.isEmpty, lock.withLock({ tracker.waitingCount }) == 0 {
                    logger.info("inbox drained")
                    break
                }
                if !ready.isEmpty {
                    await takeBatch(ready, scan: scan, configuration: configuration)
                    continue
                }
                let deadline = lock.withLock { tracker.nextDeadline() } ?? .infinity
                // Without inotify nothing wakes the loop early: poll at least once a second.
                let interval = watcher == nil ? min(1, configuration.inbox.rescanSeconds) : configuration.inbox.rescanSeconds
                let untilRescan = lastRescan + interval - Self.now()
                let untilSettled = deadline - Self.now() + 0.02
                await wake.wait(upTo: max(0.01, min(untilRescan, untilSettled)))
                // Coalesce a burst of events into one scan.
                try? await Task.sleep(for: .milliseconds(20))
            }
            logger.info("ingest loop stopped")
        } onGracefulShutdown: { [state, wake] in
            state.setMode(.stopping)
            wake.signal()
        }
    }

    private func handle(_ events: [InotifyWatcher.Event]) {
        lock.withLock {
            for case .movedIn(let name) in events { movedIn.append(name) }
        }
        if events.contains(where: { if case .overflow = $0 { true } else { false } }) {
            logger.warning("inotify queue overflowed; rescanning the inbox")
        }
        wake.signal()
    }

    /// Names in the inbox the daemon never takes: dot-names (staging) and the inbox's own README.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name == "README.md"
    }

    /// Top-level inbox entries (ignored names excluded) and their signatures. Names that are not
    /// UTF-8 are renamed to an escaped form first (``InboxNameRepair``), so nothing is unlistable.
    private func scanInbox(_ inbox: URL) -> [String: EntrySignature] {
        for rename in InboxNameRepair.repair(inbox.path) {
            logger.warning("renamed an inbox entry whose name is not UTF-8", metadata: ["from": "\(rename.from)", "to": "\(rename.to)"])
        }
        var scan: [String: EntrySignature] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? [] where !Self.isIgnored(name) {
            if let signature = EntrySignature.of(inbox.appendingPathComponent(name)) { scan[name] = signature }
        }
        return scan
    }

    /// Ingests up to `batch_max_files` ready entries as one batch, off the cooperative pool.
    private func takeBatch(_ ready: [String], scan: [String: EntrySignature], configuration: Configuration) async {
        var chosen: [String] = []
        var files = 0
        for name in ready {
            let count = max(1, scan[name]?.files ?? 1)
            if !chosen.isEmpty, files + count > configuration.ingest.batchMaxFiles { break }
            chosen.append(name)
            files += count
        }
        let inbox = configuration.inbox.path
        let paths = chosen.map { inbox.appendingPathComponent($0) }
        let settled = Dictionary(uniqueKeysWithValues: chosen.compactMap { name in scan[name].map { (inbox.appendingPathComponent(name), $0) } })
        let ingestor = self.ingestor.current
        let logger = self.logger
        let result: Result<IngestOutcome, any Error> = await withCheckedContinuation { continuation in
            work.async {
                continuation.resume(returning: Result { try ingestor.ingest(paths, settled: settled, note: "daemon") })
            }
        }
        switch result {
        case .success(let outcome):
            if consecutiveFailures > 0 {
                logger.info("the store accepts batches again", metadata: ["failed attempts": "\(consecutiveFailures)"])
                consecutiveFailures = 0
            }
            state.setIngest("ok")
            InboxRemover(inbox: inbox).remove(outcome.settledFiles)
            let remaining = Dictionary(uniqueKeysWithValues: chosen.compactMap { name in
                EntrySignature.of(inbox.appendingPathComponent(name)).map { (name, $0) }
            })
            let changed = Set(outcome.changed.map { URL(fileURLWithPath: $0).lastPathComponent })
            lock.withLock { tracker.finished(chosen, remaining: remaining, changed: changed) }
            if !changed.isEmpty {
                logger.info("entries changed while being read; they settle again", metadata: ["entries": "\(changed.sorted())"])
            }
            state.recordBatch(files: outcome.settledFiles.count, studies: outcome.commit.touchedStudies.count,
                              quarantined: outcome.quarantined.count, duplicates: outcome.commit.duplicates, version: outcome.commit.version)
            logger.info("batch committed", metadata: [
                "version": "\(outcome.commit.version.map(String.init) ?? "none")", "entries": "\(chosen.count)",
                "studies": "\(outcome.commit.touchedStudies.count)", "reports": "\(outcome.commit.reportsAdded)",
                "images": "\(outcome.commit.imagesAdded)", "duplicates": "\(outcome.commit.duplicates)",
                "quarantined": "\(outcome.quarantined.count)",
            ])
            for study in outcome.commit.touchedStudies {
                logger.info("study stored", metadata: ["study": "\(study)", "version": "\(outcome.commit.version ?? 0)"])
            }
            for entry in outcome.quarantined {
                logger.warning("quarantined", metadata: ["file": "\(entry.originalPath)", "code": "\(entry.code)",
                                                         "reason": "\(entry.reason)", "id": "\(entry.id)"])
            }
        case .failure(let error):
            // A store failure (disk full, I/O error): the batch rolled back whole and nothing left
            // the inbox. Ingest pauses with the reason in `ctl status` and retries with backoff
            // (1, 2, 4 … 60 s); control, search and the API keep serving meanwhile.
            consecutiveFailures += 1
            let delay = min(60, pow(2, Double(consecutiveFailures - 1)))
            let why = "\(error)"
            let full = [String(cString: strerror(ENOSPC)), String(cString: strerror(EDQUOT)), "database or disk is full"]
                .contains { why.contains($0) }
            state.setIngest("paused: \(full ? "disk full" : "store failure") (\(why)); \(chosen.count) inbox entries wait; attempt \(consecutiveFailures), next in \(Int(delay)) s")
            state.recordError("store failure: \(why)")
            logger.error("batch failed; files stay in the inbox",
                         metadata: ["error": "\(why)", "entries": "\(chosen.count)", "retry in s": "\(Int(delay))"])
            let deadline = Self.now() + delay
            while state.currentMode != .stopping, Self.now() < deadline {
                await wake.wait(upTo: deadline - Self.now())
            }
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The ingestor in use, replaced on reload.
final class IngestorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Ingestor
    init(_ value: Ingestor) { self.value = value }
    var current: Ingestor { lock.withLock { value } }
    func replace(_ new: Ingestor) { lock.withLock { value = new } }
}
