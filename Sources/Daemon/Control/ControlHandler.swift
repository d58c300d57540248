import Foundation
import Store
import Translation

/// Answers control verbs against the running daemon.
struct ControlHandler: Sendable {
    let state: DaemonState
    let store: CorpusStore
    let inbox: InboxService
    let training: TrainingService
    let index: IndexService
    /// Applies a configuration (validated first); returns the error that kept the old one.
    let reload: @Sendable () -> String?
    /// Begins a graceful shutdown of the whole daemon.
    let stop: @Sendable () -> Void

    static let verbs = ["status", "pause", "resume", "drain", "stop", "reload", "versions",
                        "quarantine-list", "quarantine-retry", "quarantine-purge", "train", "publish", "rollback", "gc"]

    func handle(_ request: ControlRequest) -> ControlReply {
        do {
            switch request.verb {
            case "status": return try status()
            case "pause":
                state.setMode(.paused)
                return .success("paused: files wait in the inbox", .object(["state": .string(state.currentMode.rawValue)]))
            case "resume":
                state.setMode(.running)
                inbox.wake.signal()
                return .success("running", .object(["state": .string(state.currentMode.rawValue)]))
            case "drain":
                state.setMode(.draining)
                inbox.wake.signal()
                return .success("draining: taking what is in the inbox, then stopping", .object(["state": .string(state.currentMode.rawValue)]))
            case "stop":
                stop()
                return .success("stopping: finishing the batch in flight", .object(["state": .string("stopping")]))
            case "reload":
                if let error = reload() { return .failure("configuration kept: \(error)") }
                let configuration = state.currentConfiguration
                return .success("configuration reloaded (\(configuration.fingerprint.prefix(12)))",
                                .object(["configHash": .string(configuration.fingerprint)]))
            case "versions": return try versions()
            case "train":
                guard state.currentMode == .running else { return .failure("the daemon is \(state.currentMode.rawValue): resume it first") }
                return .success(training.requestRun(), .object(["state": .string(state.currentMode.rawValue)]))
            case "publish":
                return .success(index.requestPublish(), .object(["state": .string(state.currentMode.rawValue)]))
            case "rollback":
                guard request.arguments.count <= 1 else { return .failure("rollback takes at most one index id or tag") }
                let now = try index.rollback(to: request.arguments.first)
                return .success("current index is now \(now)", .object(["current": .string(now)]))
            case "gc":
                guard request.arguments.allSatisfy({ $0 == "--dry-run" }) else { return .failure("gc takes only --dry-run") }
                // Waits for an ingest batch in flight (BlobLock), then collects.
                let report = try GarbageCollector(store: store, retention: state.currentConfiguration.retention)
                    .collect(dryRun: request.arguments.contains("--dry-run"))
                return .success(report.summary, try JSONValue(encoding: report))
            case "quarantine-list": return try quarantineList()
            case "quarantine-retry": return try quarantineRetry(request.arguments)
            case "quarantine-purge": return try quarantinePurge(request.arguments)
            default:
                return .failure("unknown verb '\(request.verb)' (verbs: \(Self.verbs.joined(separator: ", ")))")
            }
        } catch {
            state.recordError("\(request.verb): \(error)")
            return .failure("\(error)")
        }
    }

    private func status() throws -> ControlReply {
        let snapshot = state.snapshot()
        let lines = [
            "state        \(snapshot.state.rawValue)",
            "pid          \(snapshot.pid)",
            "uptime       \(Int(snapshot.uptimeSeconds)) s (since \(snapshot.startedAt))",
            "config       \(snapshot.configPath ?? "(built-in defaults)") (\(snapshot.configHash.prefix(12)))",
            "inbox        \(snapshot.inbox) — backlog \(snapshot.inboxBacklog), watcher \(snapshot.watcher)",
            "store        \(snapshot.store) — corpus version \(snapshot.corpusVersion)",
            "ingest       \(snapshot.ingest)",
            "since start  \(snapshot.filesTaken) files taken, \(snapshot.studiesCommitted) studies, \(snapshot.quarantined) quarantined, \(snapshot.duplicates) duplicates, \(snapshot.batches) batches",
            "translation  \(snapshot.translation)",
            "training     \(snapshot.training)",
            "index        \(snapshot.index)",
            "api          \(snapshot.api)",
            "last error   \(snapshot.lastError ?? "none")",
        ]
        return .success(lines.joined(separator: "\n"), try JSONValue(encoding: snapshot))
    }

    private func versions() throws -> ControlReply {
        let versions = try store.versions()
        let lines = versions.map { version in
            "\(version.id)\t\(version.createdAt)\t\(version.kind)\tstudies +\(version.studiesAdded)\treports +\(version.reportsAdded)\timages +\(version.imagesAdded)\tquarantined \(version.quarantined)"
                + (version.tags.isEmpty ? "" : "\ttags \(version.tags.joined(separator: ","))")
        }
        return .success(lines.isEmpty ? "no corpus versions yet" : lines.joined(separator: "\n"), try JSONValue(encoding: versions))
    }

    private var quarantine: Quarantine { Quarantine(layout: store.layout) }

    private func quarantineList() throws -> ControlReply {
        let entries = quarantine.list()
        let lines = entries.map { "\($0.id)  \($0.code)  \($0.originalPath)\n    \($0.stage)\($0.decoder.map { "/" + $0 } ?? ""): \($0.reason)" }
        return .success(entries.isEmpty ? "quarantine is empty" : lines.joined(separator: "\n"), try JSONValue(encoding: entries))
    }

    private func selected(_ arguments: [String]) throws -> [QuarantineEntry] {
        let entries = quarantine.list()
        if arguments == ["--all"] { return entries }
        guard !arguments.isEmpty else { throw StoreError("name an entry id, or --all") }
        return try arguments.map { id in
            guard let entry = entries.first(where: { $0.id == id }) else { throw StoreError("no quarantine entry \(id)") }
            return entry
        }
    }

    /// Puts each entry's copy back into the inbox (under a dot-name, then renamed in), so the
    /// daemon takes it again; the entry is removed. A file still in the inbox is simply retried.
    private func quarantineRetry(_ arguments: [String]) throws -> ControlReply {
        let inboxFolder = state.currentConfiguration.inbox.path
        var retried: [String] = []
        var skipped: [String] = []
        for entry in try selected(arguments) {
            let original = URL(fileURLWithPath: entry.originalPath)
            if let copy = quarantine.copyPath(of: entry) {
                let relative = original.path.hasPrefix(inboxFolder.path + "/")
                    ? String(original.path.dropFirst(inboxFolder.path.count + 1)) : original.lastPathComponent
                let target = inboxFolder.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: target.path) {
                    try quarantine.remove(id: entry.id)
                    retried.append(entry.id)
                    continue
                }
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let staging = inboxFolder.appendingPathComponent(".retry-\(entry.id)")
                try? FileManager.default.removeItem(at: staging)
                try FileManager.default.copyItem(at: copy, to: staging)
                try FileManager.default.moveItem(at: staging, to: target)
                try quarantine.remove(id: entry.id)
                retried.append(entry.id)
            } else if FileManager.default.fileExists(atPath: original.path), entry.code != "symlink" {
                try quarantine.remove(id: entry.id)
                retried.append(entry.id)
            } else {
                skipped.append(entry.id)
            }
        }
        inbox.retry()
        var text = "retrying \(retried.count) entr\(retried.count == 1 ? "y" : "ies")"
        if !skipped.isEmpty { text += "; \(skipped.count) had no copy to retry (\(skipped.joined(separator: ", ")))" }
        return .success(text, .object(["retried": .array(retried.map(JSONValue.string)), "skipped": .array(skipped.map(JSONValue.string))]))
    }

    private func quarantinePurge(_ arguments: [String]) throws -> ControlReply {
        let entries = try selected(arguments)
        for entry in entries { try quarantine.remove(id: entry.id) }
        inbox.retry()
        return .success("purged \(entries.count) entr\(entries.count == 1 ? "y" : "ies")",
                        .object(["purged": .array(entries.map { JSONValue.string($0.id) })]))
    }
}
