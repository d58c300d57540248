public import Foundation
import Index
public import Store

/// `m3clip gc` and `ctl gc`: deletes what no retained thing needs, under `[retention]`.
///
/// Kept: the current index, tagged indexes and the newest `indexes`; the current model, the models
/// those indexes were embedded with and the newest `models` model folders (model records stay in
/// the store: lineage is history); the newest `versions` corpus versions, tagged versions and every
/// version a kept model or index (or one of its delta segments) was built from. Everything else —
/// soft-removed rows no kept version needs, blobs no row names, old index and model folders — goes
/// (``CorpusStore/collectGarbage(retaining:dryRun:)``). Folders are renamed to `.gc-<name>` before
/// they are deleted, and leftovers of an interrupted collection are deleted by the next one. The
/// whole collection holds ``BlobLock`` exclusively, so ingest (daemon or CLI) waits for it.
public struct GarbageCollector {
    public let store: CorpusStore
    public let retention: RetentionSettings

    public init(store: CorpusStore, retention: RetentionSettings) {
        self.store = store
        self.retention = retention
    }

    public struct Report: Codable, Sendable {
        public var dryRun: Bool
        public var retainedVersions: [Int]
        public var store: StoreGarbage
        public var indexes: [String]
        public var models: [String]

        /// One paragraph for people.
        public var summary: String {
            let rows = store.rows.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            return (dryRun ? "would delete" : "deleted") + ": \(rows.isEmpty ? "no rows" : rows); "
                + "\(store.blobs) blobs (\(ByteCountFormatter.string(fromByteCount: store.blobBytes, countStyle: .file))); "
                + "\(store.orphanFiles) orphan files; indexes \(indexes.isEmpty ? "none" : indexes.joined(separator: ", ")); "
                + "models \(models.isEmpty ? "none" : models.joined(separator: ", ")); "
                + "\(store.collectedVersions.count) versions no longer reconstructible; kept versions \(Self.ranges(retainedVersions))"
        }

        static func ranges(_ versions: [Int]) -> String {
            var parts: [String] = []
            var index = 0
            while index < versions.count {
                var end = index
                while end + 1 < versions.count, versions[end + 1] == versions[end] + 1 { end += 1 }
                parts.append(end == index ? "\(versions[index])" : "\(versions[index])–\(versions[end])")
                index = end + 1
            }
            return parts.isEmpty ? "none" : parts.joined(separator: ", ")
        }
    }

    public func collect(dryRun: Bool) throws -> Report {
        try BlobLock.withExclusive(store.layout) {
            let indexes = IndexDirectory(store: store.layout.root)
            let indexIDs = try indexes.ids()
            var keptIndexes = Set(indexIDs.suffix(retention.indexes))
            if let current = try indexes.currentID() { keptIndexes.insert(current) }
            keptIndexes.formUnion(try indexes.tags().values)

            let folders = ModelFolders(layout: store.layout)
            let modelIDs = Self.modelFolderNames(in: store.layout.models)
            var keptModels = Set(modelIDs.suffix(retention.models))
            if let current = folders.currentID() { keptModels.insert(current) }

            let versions = try store.versions()
            var retained = Set(versions.suffix(retention.versions).map(\.id))
            retained.formUnion(versions.filter { !$0.tags.isEmpty }.map(\.id))
            for id in keptIndexes {
                let manifest = try indexes.manifest(of: id)
                keptModels.insert(manifest.modelID)
                retained.insert(manifest.corpusVersion)
                retained.formUnion(try indexes.deltaManifests(of: id).map(\.corpusVersion))
            }
            for id in keptModels {
                if let record = try store.model(id: id) { retained.insert(record.corpusVersion) }
            }

            let garbage = try store.collectGarbage(retaining: retained, dryRun: dryRun)
            let doomedIndexes = indexIDs.filter { !keptIndexes.contains($0) }
            let doomedModels = modelIDs.filter { !keptModels.contains($0) }
            if !dryRun {
                for id in doomedIndexes { try Self.remove(indexes.path(of: id)) }
                for id in doomedModels { try Self.remove(folders.folder(id: id)) }
                for parent in [indexes.url, store.layout.models] { Self.removeLeftovers(in: parent) }
            }
            return Report(dryRun: dryRun, retainedVersions: retained.sorted(), store: garbage, indexes: doomedIndexes, models: doomedModels)
        }
    }

    /// Model checkpoint folders (`models/<id>/config.json`), oldest first (ids sort by creation time).
    static func modelFolderNames(in models: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: models.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "current"
            && FileManager.default.fileExists(atPath: models.appendingPathComponent("\($0)/config.json").path) }.sorted()
    }

    /// Renames `folder` to `.gc-<name>` (gone from every listing at once), then deletes it.
    static func remove(_ folder: URL) throws {
        let doomed = folder.deletingLastPathComponent().appendingPathComponent(".gc-\(folder.lastPathComponent)")
        try? FileManager.default.removeItem(at: doomed)
        try FileManager.default.moveItem(at: folder, to: doomed)
        try FileManager.default.removeItem(at: doomed)
    }

    /// `.gc-*` folders an interrupted collection left.
    static func removeLeftovers(in parent: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(".gc-") {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
