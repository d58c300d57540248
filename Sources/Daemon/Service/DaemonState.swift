import Foundation

/// What the daemon is doing, shared by the ingest loop and the control server (lock-protected).
public final class DaemonState: @unchecked Sendable {
    /// `draining`: taking what is already in the inbox, then stopping (`ctl drain`).
    /// `stopping`: finishing the batch in flight, taking nothing new (`ctl stop`, SIGTERM, SIGINT).
    public enum Mode: String, Codable, Sendable {
        case running, paused, draining, stopping
    }

    /// A point-in-time copy for `ctl status`.
    public struct Snapshot: Codable, Sendable {
        public var state: Mode
        public var pid: Int32
        public var startedAt: String
        public var uptimeSeconds: Double
        public var configPath: String?
        public var configHash: String
        public var inbox: String
        public var store: String
        public var inboxBacklog: Int
        public var filesTaken: Int
        public var studiesCommitted: Int
        public var quarantined: Int
        public var duplicates: Int
        public var batches: Int
        public var corpusVersion: Int
        public var lastError: String?
        public var watcher: String
        /// Ingest health: `ok`, or why it is paused (disk full, store failure) and when it retries.
        public var ingest: String
        /// The translation stage: engine, availability ("unavailable …" with the reason), pending count.
        public var translation: String
        /// The training schedule: idle, the run in progress (step, loss, ETA), or the last verdict.
        public var training: String
        /// The current index and its freshness: id, live rows, delta segments, the last delta.
        public var index: String
        /// The HTTP API: its URL, or why it is off.
        public var api: String
    }

    /// Counters and gauges for `/metrics`.
    let metrics = DaemonMetrics()
    /// Signalled when the corpus changes (an ingest commit, a translation batch), so the index's
    /// freshness pass runs at once instead of at its next timer.
    let corpusChanged = WakeSignal()

    private let lock = NSLock()
    private let started = Date()
    private var mode = Mode.running
    private(set) var configuration: Configuration
    private var backlog = 0
    private var filesTaken = 0
    private var studiesCommitted = 0
    private var quarantined = 0
    private var duplicates = 0
    private var batches = 0
    private var corpusVersion = 0
    private var lastError: String?
    private var watcherMode = "starting"
    private var ingestStatus = "ok"
    private var translationStatus = "starting"
    private var trainingStatus = "starting"
    private var indexStatus = "starting"
    private var apiStatus = "starting"
    private var retryRequested = false

    init(configuration: Configuration, corpusVersion: Int) {
        self.configuration = configuration
        self.corpusVersion = corpusVersion
    }

    var currentMode: Mode { lock.withLock { mode } }
    var currentConfiguration: Configuration { lock.withLock { configuration } }

    func setMode(_ newMode: Mode) {
        lock.withLock {
            // Stopping is final; draining only gives way to stopping.
            switch (mode, newMode) {
            case (.stopping, _): break
            case (.draining, .stopping): mode = newMode
            case (.draining, _): break
            default: mode = newMode
            }
        }
    }

    func replaceConfiguration(_ new: Configuration) { lock.withLock { configuration = new } }
    func setBacklog(_ count: Int) { lock.withLock { backlog = count } }
    func setWatcher(_ text: String) { lock.withLock { watcherMode = text } }
    func setIngest(_ text: String) { lock.withLock { ingestStatus = text } }
    func setTranslation(_ text: String) { lock.withLock { translationStatus = text } }
    func setTraining(_ text: String) { lock.withLock { trainingStatus = text } }
    func setIndex(_ text: String) { lock.withLock { indexStatus = text } }
    func setAPI(_ text: String) { lock.withLock { apiStatus = text } }
    func recordError(_ text: String) { lock.withLock { lastError = text } }
    func requestRetry() { lock.withLock { retryRequested = true } }
    func takeRetryRequest() -> Bool { lock.withLock { defer { retryRequested = false }; return retryRequested } }

    func recordBatch(files: Int, studies: Int, quarantined newQuarantined: Int, duplicates newDuplicates: Int, version: Int?) {
        lock.withLock {
            filesTaken += files
            studiesCommitted += studies
            quarantined += newQuarantined
            duplicates += newDuplicates
            batches += 1
            if let version { corpusVersion = version }
        }
        metrics.recordBatch(files: files, studies: studies, quarantined: newQuarantined, duplicates: newDuplicates)
        if version != nil { corpusChanged.signal() }
    }

    public func snapshot() -> Snapshot {
        lock.withLock {
            Snapshot(state: mode, pid: getpid(), startedAt: started.ISO8601Format(), uptimeSeconds: Date().timeIntervalSince(started),
                     configPath: configuration.sourceFile?.path, configHash: configuration.fingerprint,
                     inbox: configuration.inbox.path.path, store: configuration.store.path.path, inboxBacklog: backlog,
                     filesTaken: filesTaken, studiesCommitted: studiesCommitted, quarantined: quarantined, duplicates: duplicates,
                     batches: batches, corpusVersion: corpusVersion, lastError: lastError, watcher: watcherMode, ingest: ingestStatus,
                     translation: translationStatus, training: trainingStatus, index: indexStatus, api: apiStatus)
        }
    }
}
