public import Foundation
public import Models
public import Store

/// The store's model folders: `models/<id>/` checkpoints, `models/current` (a relative symlink
/// to the model in service, switched atomically), and `models/.runs/<id>/` resume states of runs
/// in progress or interrupted.
public struct ModelFolders: Sendable {
    public let layout: StoreLayout

    public init(layout: StoreLayout) { self.layout = layout }

    /// A new model id: `m-<UTC yyyyMMdd-HHmmss>-<4 hex>`, sortable by creation time.
    public static func newID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "m-\(formatter.string(from: now))-\(String(format: "%04x", UInt16.random(in: 0...UInt16.max)))"
    }

    public func folder(id: String) -> URL { layout.modelFolder(id: id) }

    public func runFolder(id: String) -> URL { layout.models.appendingPathComponent(".runs/\(id)") }

    /// The id `models/current` points at, nil when no model is in service.
    public func currentID() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: layout.modelsCurrent.path) else { return nil }
        let id = URL(fileURLWithPath: target).lastPathComponent
        return FileManager.default.fileExists(atPath: folder(id: id).appendingPathComponent("config.json").path) ? id : nil
    }

    /// Points `models/current` at `id`: a new symlink renamed over the old one (rename(2) is
    /// atomic, so a reader sees the old model or the new one, never none), then the folder is
    /// fsynced.
    public func makeCurrent(id: String) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder(id: id).appendingPathComponent("config.json").path) else {
            throw StoreError("no model \(id) in \(layout.models.path)")
        }
        let temp = layout.models.appendingPathComponent(".current-\(UUID().uuidString)")
        try fm.createSymbolicLink(atPath: temp.path, withDestinationPath: id)
        guard rename(temp.path, layout.modelsCurrent.path) == 0 else {
            let message = String(cString: strerror(errno))
            try? fm.removeItem(at: temp)
            throw StoreError("cannot switch models/current to \(id): \(message)")
        }
        let fd = open(layout.models.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// Resolves a model argument: `current`, a model id in the store, or a checkpoint folder path.
    public func resolve(_ spec: String) throws -> URL {
        if spec == "current" {
            guard let id = currentID() else { throw StoreError("no current model yet (train one with `m3clip train`)") }
            return folder(id: id)
        }
        let byID = folder(id: spec)
        if !spec.contains("/"), FileManager.default.fileExists(atPath: byID.appendingPathComponent("config.json").path) { return byID }
        let path = URL(fileURLWithPath: spec)
        guard FileManager.default.fileExists(atPath: path.appendingPathComponent("config.json").path) else {
            throw StoreError("'\(spec)' is neither current, a model id in \(layout.models.path), nor a checkpoint folder")
        }
        return path
    }

    /// The model id of the checkpoint at `folder`, copying it into `models/<folder name>/` first
    /// when it lives elsewhere, so that search and the index's delta segments find the model an
    /// index names. A different model already under that name is an error.
    public func adopt(_ folder: URL) throws -> String {
        let fm = FileManager.default
        let source = folder.standardizedFileURL.resolvingSymlinksInPath()
        let id = source.lastPathComponent
        if source.deletingLastPathComponent().path == layout.models.resolvingSymlinksInPath().path { return id }
        let target = self.folder(id: id)
        let weights = "model.safetensors"
        if fm.fileExists(atPath: target.path) {
            guard fm.contentsEqual(atPath: target.appendingPathComponent(weights).path, andPath: source.appendingPathComponent(weights).path) else {
                throw StoreError("a different model named \(id) is already in \(layout.models.path): rename the checkpoint folder")
            }
            return id
        }
        try fm.createDirectory(at: layout.models, withIntermediateDirectories: true)
        let temporary = layout.models.appendingPathComponent(".adopt-\(UUID().uuidString)")
        do {
            try fm.copyItem(at: source, to: temporary)
            try fm.moveItem(at: temporary, to: target)
        } catch {
            try? fm.removeItem(at: temporary)
            throw StoreError("cannot copy the checkpoint \(source.path) into \(layout.models.path): \(error)")
        }
        return id
    }

    /// The `training.json` of model `id` (its loss curve, items seen, verdict), nil when absent or unreadable.
    public func trainingRecord(id: String) -> TrainingRecord? {
        let url = folder(id: id).appendingPathComponent("training.json")
        return (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(TrainingRecord.self, from: $0) }
    }
}
