import Foundation
import Index
import Logging
public import ServiceLifecycle
import Store

/// Keeps the current index fresh and answers `ctl publish`: after every corpus change (an ingest
/// commit, a translation batch; at the latest every `checkSeconds`) it appends what is new as a
/// delta segment (``IndexRefresher``), and once the index has `[index] merge_after_deltas`
/// segments it merges them into a new index that becomes current. A full publish (`ctl publish`)
/// re-embeds the corpus with the current model. One of these at a time, so deltas, merges and
/// publishes never interleave. Failures are logged and shown in `ctl status`; ingest goes on.
public final class IndexService: Service, @unchecked Sendable {
    let state: DaemonState
    let store: CorpusStore
    let engine: QueryEngine
    let logger: Logger
    /// The corpus-change signal (``DaemonState/corpusChanged``), also used for requests.
    var wake: WakeSignal { state.corpusChanged }
    let checkSeconds: Double
    private let lock = NSLock()
    private var publishRequested = false
    private var stopping = false
    /// Image parts that could not be decoded, by index id: not retried until the index changes.
    private var unreadable: [String: Set<String>] = [:]
    private var lastDelta = "none yet"

    init(state: DaemonState, store: CorpusStore, engine: QueryEngine, logger: Logger, checkSeconds: Double = 30) {
        self.state = state
        self.store = store
        self.engine = engine
        self.logger = logger
        self.checkSeconds = checkSeconds
    }

    /// `ctl publish`: re-embed the corpus with the current model into a new current index.
    func requestPublish() -> String {
        guard ModelFolders(layout: store.layout).currentID() != nil else {
            return "no current model yet: train one (ctl train) or publish a checkpoint with `m3clip publish --model PATH`"
        }
        lock.withLock { publishRequested = true }
        wake.signal()
        return "publish requested: the corpus is embedded with the current model, then the new index becomes current"
    }

    /// `ctl rollback`: switch `current` back; returns the id now current.
    func rollback(to id: String?) throws -> String {
        let now = try engine.indexes.rollback(to: id)
        wake.signal()
        return now
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            while !lock.withLock({ stopping }), !Task.isCancelled {
                pass()
                await wake.wait(upTo: checkSeconds)
            }
        } onGracefulShutdown: {
            self.lock.withLock { self.stopping = true }
            self.wake.signal()
        }
    }

    /// One round: a requested publish, else a delta (and a merge when due); then the status line.
    func pass() {
        let configuration = state.currentConfiguration
        if lock.withLock({ defer { publishRequested = false }; return publishRequested }) {
            publish(dtype: configuration.index.dtype)
        } else if configuration.index.freshness, state.currentMode != .paused {
            refresh(mergeAfter: configuration.index.mergeAfterDeltas)
        }
        updateStatus(freshness: configuration.index.freshness)
    }

    private func publish(dtype: EmbeddingDType) {
        do {
            let folders = ModelFolders(layout: store.layout)
            let folder = try folders.resolve("current")
            // Shown by `ctl status` while the corpus is embedded (search keeps serving the old index).
            state.setIndex("publishing: embedding the corpus with model \(folder.lastPathComponent); search serves the current index meanwhile")
            let manifest = try IndexPublisher(store: store, dtype: dtype).publish(modelFolder: folder) { self.logger.info("\($0)") }
            logger.info("index published", metadata: ["index": "\(manifest.id)", "version": "\(manifest.corpusVersion)"])
        } catch {
            state.recordError("publish: \(error)")
            logger.error("publish failed; the current index is unchanged", metadata: ["error": "\(error)"])
        }
    }

    private func refresh(mergeAfter: Int) {
        do {
            guard try engine.indexes.currentID() != nil else { return }
            // The engine's open index: reread from disk only when it moved or gained a delta.
            let current = try engine.index()
            let skip = lock.withLock { unreadable[current.id] } ?? []
            guard let delta = try IndexRefresher(store: store, models: engine.models).refresh(current, skipping: skip) else { return }
            state.metrics.recordDelta(delta.duration)
            if !delta.skipped.isEmpty {
                lock.withLock { unreadable[delta.index, default: []].formUnion(delta.skipped) }
                logger.warning("images left out of the index: cannot decode", metadata: ["parts": "\(delta.skipped.prefix(5).joined(separator: ", "))"])
            }
            let text = "\(delta.manifest.id) of \(delta.index): +\(delta.manifest.count(of: .image)) images, +\(delta.manifest.count(of: .text)) texts, "
                + "\(delta.masked) masked, corpus version \(delta.manifest.corpusVersion), \(Int(delta.duration.seconds * 1000)) ms"
            lock.withLock { lastDelta = text }
            logger.info("index delta written", metadata: ["index": "\(delta.index)", "delta": "\(delta.manifest.id)",
                                                          "version": "\(delta.manifest.corpusVersion)", "ms": "\(Int(delta.duration.seconds * 1000))"])
            let index = try engine.index(delta.index)
            if index.deltas.count >= mergeAfter {
                let merged = try IndexWriter(directory: engine.indexes, dtype: index.manifest.dtype).merge(index)
                try engine.indexes.makeCurrent(merged.id)
                logger.info("index deltas merged", metadata: ["from": "\(index.id)", "index": "\(merged.id)", "deltas": "\(index.deltas.count)"])
            }
        } catch {
            state.recordError("index freshness: \(error)")
            logger.error("index freshness pass failed; search serves the index as it was", metadata: ["error": "\(error)"])
        }
    }

    private func updateStatus(freshness: Bool) {
        guard let index = try? engine.index() else {
            state.setIndex("no index published yet (m3clip publish, ctl publish, or the first training run that passes the gate)")
            return
        }
        let images = index.liveCount(.image), texts = index.liveCount(.text)
        state.metrics.recordIndex(images: images, texts: texts, deltas: index.deltas.count, corpusVersion: index.corpusVersion)
        let last = lock.withLock { lastDelta }
        state.setIndex("\(index.id) (model \(index.manifest.modelID)): \(images) images, \(texts) texts, corpus version \(index.corpusVersion), "
            + "\(index.deltas.count) delta segments; freshness \(freshness ? "on" : "off"), last delta: \(last)")
    }
}
