import Foundation
import Logging
import Radiology
public import ServiceLifecycle
import Store
import Translation

/// The daemon's translation stage (DESIGN.md §1, issue 5): after each new corpus version it
/// queues the new sentences (English into every target, other languages into English), then
/// translates the queue with the configured engine, memory first. When no engine is available
/// the sentences wait as pending, `ctl status` says why, and the engine is asked again every
/// `translation.retry_seconds`: the queue is backfilled as soon as it answers. Ingest never waits
/// for translation.
public final class TranslationService: Service, @unchecked Sendable {
    let state: DaemonState
    let store: CorpusStore
    let logger: Logger
    let wake = WakeSignal()
    private let lock = NSLock()
    private var settings: TranslationSettings
    private var engine: any TranslationEngine
    private var memory: TranslationMemory
    private var engineChanged = false
    private var stopping = false
    /// Labels reports in other languages through their English translations.
    private let labeler: Labeler

    init(state: DaemonState, store: CorpusStore, logger: Logger, labeler: Labeler) {
        self.state = state
        self.store = store
        self.logger = logger
        self.labeler = labeler
        settings = state.currentConfiguration.translation
        engine = settings.makeEngine()
        memory = TranslationMemory(persistence: store)
    }

    /// Takes a reloaded configuration; a changed `[translation]` section replaces the engine
    /// (the old worker is stopped at the next step).
    func apply(_ configuration: Configuration) {
        lock.withLock {
            guard configuration.translation != settings else { return }
            settings = configuration.translation
            engineChanged = true
        }
        wake.signal()
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            var queuedVersion = -1
            var nextCheck = ContinuousClock.now
            while !lock.withLock({ stopping }), !Task.isCancelled {
                await replaceEngineIfChanged()
                let (settings, engine, memory) = lock.withLock { (self.settings, self.engine, self.memory) }
                // Queue what the newest corpus versions added.
                if let version = try? store.currentVersion(), version != queuedVersion {
                    do {
                        let queued = try store.enqueueTranslations(targets: settings.targets, engine: engine.identifier, memory: memory)
                        if queued > 0 { logger.info("translations queued", metadata: ["version": "\(version)", "queued": "\(queued)"]) }
                        queuedVersion = version
                        labelThroughEnglish(engine: engine.identifier, memory: memory)
                    } catch {
                        logger.error("cannot queue translations", metadata: ["version": "\(version)", "error": "\(error)"])
                    }
                }
                let pending = ((try? store.pendingTranslationCounts()) ?? [:]).values.reduce(0, +)
                guard pending > 0 else {
                    state.setTranslation("\(engine.identifier): idle, nothing pending")
                    await wake.wait(upTo: 1)
                    continue
                }
                guard ContinuousClock.now >= nextCheck else {
                    await wake.wait(upTo: 1)
                    continue
                }
                let availability = await engine.availability()
                guard availability.isAvailable else {
                    if case .unavailable(let reason) = availability {
                        state.setTranslation("unavailable (\(engine.identifier)): \(reason); \(pending) pending")
                        logger.warning("translation unavailable; sentences wait as pending",
                                       metadata: ["engine": "\(engine.identifier)", "pending": "\(pending)", "reason": "\(reason)"])
                    }
                    nextCheck = ContinuousClock.now + .seconds(settings.retrySeconds)
                    continue
                }
                state.setTranslation("\(engine.identifier): translating, \(pending) pending")
                let translator = Translator(engine: engine, memory: memory, filter: QualityFilter(thresholds: settings.thresholds),
                                            sampler: AuditSampler(rate: settings.auditRate), batchSize: settings.batchSize)
                let outcome = await store.translatePending(with: translator, limit: settings.batchSize * 4)
                if let error = outcome.error {
                    logger.error("translation batch failed; its sentences stay pending",
                                 metadata: ["engine": "\(engine.identifier)", "error": "\(error)"])
                    state.setTranslation("unavailable (\(engine.identifier)): \(error); \(pending) pending")
                    nextCheck = ContinuousClock.now + .seconds(settings.retrySeconds)
                } else {
                    logger.info("translated", metadata: ["engine": "\(engine.identifier)", "taken": "\(outcome.taken)",
                                                         "fromMemory": "\(outcome.fromMemory)", "kept": "\(outcome.kept)",
                                                         "rejected": "\(outcome.rejected)"])
                    if outcome.kept > 0 {
                        labelThroughEnglish(engine: engine.identifier, memory: memory)
                        state.corpusChanged.signal()
                    }
                }
            }
        } onGracefulShutdown: { [self] in
            lock.withLock { stopping = true }
            wake.signal()
        }
        await stopEngine(lock.withLock { engine })
        logger.info("translation stopped")
    }

    /// Labels the reports in other languages whose English translations are now complete (the
    /// English pivot is what gets labeled; the original keeps those labels).
    private func labelThroughEnglish(engine: String, memory: TranslationMemory) {
        do {
            if let version = try store.labelFromEnglishPivot(
                engine: engine, memory: memory, labelerVersion: Labeler.version,
                labelReport: { labeler.labelAggregate($0) }, labelSentence: { labeler.labelAggregate($0) }) {
                logger.info("reports labeled through their English translations", metadata: ["version": "\(version)"])
            }
        } catch {
            logger.error("cannot label through English", metadata: ["error": "\(error)"])
        }
    }

    private func replaceEngineIfChanged() async {
        let old: (any TranslationEngine)? = lock.withLock {
            guard engineChanged else { return nil }
            engineChanged = false
            let old = engine
            engine = settings.makeEngine()
            return old
        }
        if let old {
            logger.info("translation engine replaced", metadata: ["engine": "\(lock.withLock { engine.identifier })"])
            await stopEngine(old)
        }
    }

    private func stopEngine(_ engine: any TranslationEngine) async {
        if let worker = engine as? CTranslate2Engine { await worker.shutdown() }
    }
}
