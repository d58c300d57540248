public import Foundation
public import Logging
import ServiceLifecycle
import Store
import UnixSignals

/// `m3clip daemon`: takes the store's instance lock, opens the store, and runs the inbox service
/// and the control server until SIGTERM/SIGINT or `ctl stop` (graceful: the batch in flight
/// finishes). SIGHUP and `ctl reload` re-read the configuration file, validating it first.
public enum DaemonRunner {
    /// `executable`: this binary, which the training schedule runs as `m3clip train` children.
    public static func run(configuration: Configuration, logger: Logger, executable: URL) async throws {
        let layout = StoreLayout(root: configuration.store.path)
        let lock = try InstanceLock(path: layout.run.appendingPathComponent("daemon.lock"))
        let store = try CorpusStore.open(at: configuration.store.path)
        // A daemon killed mid-batch leaves staged blobs: the batch's files are still in the inbox.
        let abandoned = try store.blobs.removeAbandonedStaging()
        if abandoned > 0 { logger.info("removed staged blobs of an interrupted batch", metadata: ["files": "\(abandoned)"]) }
        let state = DaemonState(configuration: configuration, corpusVersion: try store.currentVersion())
        let inbox = try InboxService(state: state, store: store, logger: logger)
        let translation = TranslationService(state: state, store: store, logger: logger, labeler: inbox.labeler)
        let training = TrainingService(state: state, store: store, logger: logger, executable: executable)
        let engine = QueryEngine(layout: layout, models: EmbeddingModels(layout: layout))
        let index = IndexService(state: state, store: store, engine: engine, logger: logger)
        let groupBox = GroupBox()

        @Sendable func reload() -> String? {
            let current = state.currentConfiguration
            guard let file = current.sourceFile else { return "running on built-in defaults: there is no file to reload" }
            do {
                let new = try Configuration.load(from: file)
                var notes: [String] = []
                if new.inbox.path != current.inbox.path { notes.append("inbox.path") }
                if new.store.path != current.store.path { notes.append("store.path") }
                if new.control != current.control { notes.append("control.*") }
                if new.api != current.api { notes.append("api.*") }
                if new.hl7 != current.hl7 { notes.append("hl7.*") }
                state.replaceConfiguration(new)
                inbox.apply(new)
                translation.apply(new)
                logger.info("configuration reloaded", metadata: ["config": "\(file.path)", "hash": "\(new.fingerprint.prefix(12))"])
                if !notes.isEmpty {
                    logger.warning("changed keys take effect after a restart", metadata: ["keys": "\(notes.joined(separator: ", "))"])
                }
                return nil
            } catch {
                state.recordError("reload: \(error)")
                logger.error("configuration reload failed; keeping the running one", metadata: ["error": "\(error)"])
                return "\(error)"
            }
        }

        let handler = ControlHandler(state: state, store: store, inbox: inbox, training: training, index: index, reload: reload, stop: {
            state.setMode(.stopping)
            inbox.wake.signal()
            Task { await groupBox.group?.triggerGracefulShutdown() }
        })
        let control = ControlServer(path: configuration.control.socketPath, mode: configuration.control.socketMode,
                                    logger: logger, handle: { handler.handle($0) })
        try control.bind()

        var api: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if configuration.api.enabled {
            // A port in use is logged and shown in `ctl status`; ingest goes on.
            let server = APIServer(settings: configuration.api, state: state, engine: engine, store: store, logger: logger,
                                   control: { handler.handle($0) }, assets: try WebAssets(), thumbnails: ThumbnailCache(store: store))
            api.append(.init(service: server,
                             successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
        } else {
            state.setAPI("off ([api] enabled = false)")
        }

        if let listen = configuration.hl7.listen {
            // Messages land in the inbox before they are acknowledged; a bind failure is logged, ingest goes on.
            api.append(.init(service: MLLPListener(settings: configuration.hl7, address: listen, inbox: configuration.inbox.path,
                                                   addressFile: layout.run.appendingPathComponent("mllp.address"), logger: logger),
                             successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
        }

        let group = ServiceGroup(configuration: .init(
            services: [.init(service: control)] + api + [
                // Deltas, merges and `ctl publish`; a failure is logged, search serves the index as it was.
                .init(service: index, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                // Before the inbox, so that shutdown (in reverse order) stops ingest first and the
                // translation stage after it, each finishing its batch in flight. A failure of the
                // translation stage must not stop ingest: it is logged and ignored.
                .init(service: translation, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                // A training failure is logged and shown in `ctl status`; ingest goes on.
                .init(service: training, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
                .init(service: inbox, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        await groupBox.set(group)

        let hangups = Task {
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                logger.info("SIGHUP: reloading the configuration")
                _ = reload()
            }
        }
        defer { hangups.cancel() }
        let version = try store.currentVersion()
        logger.info("m3clip daemon started", metadata: ["pid": "\(getpid())", "store": "\(configuration.store.path.path)",
                                                        "version": "\(version)"])
        try await group.run()
        logger.info("m3clip daemon stopped")
        withExtendedLifetime(lock) {}
    }
}

/// Lets the control handler reach the service group created after it.
private actor GroupBox {
    var group: ServiceGroup?
    func set(_ group: ServiceGroup) { self.group = group }
}
