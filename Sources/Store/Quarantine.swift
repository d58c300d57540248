public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a file was not taken: written next to its copy as `<name>.reason.json`.
public struct QuarantineEntry: Codable, Sendable, Equatable {
    /// Sortable id: UTC time then a random suffix (`20261129T021530Z-3f9a1c2e`).
    public var id: String
    /// The file's name as it arrived.
    public var name: String
    public var originalPath: String
    public var size: Int?
    public var sha256: String?
    /// Modification time of the original (seconds since 1970), so a watcher can tell whether the
    /// file changed since it was quarantined.
    public var modifiedAt: Double?
    /// What failed, in words.
    public var reason: String
    /// A stable machine-readable code (`empty-file`, `invalid-utf8`, `symlink`, …).
    public var code: String
    /// The stage that failed: `scan`, `read`, `decode`, `store`.
    public var stage: String
    /// The decoder that rejected it, when one did.
    public var decoder: String?
    public var studyKey: String?
    public var quarantinedAt: String
    /// Whether the original's bytes were copied (a symlink's target never is).
    public var copied: Bool

    public init(id: String, name: String, originalPath: String, size: Int?, sha256: String?, modifiedAt: Double?,
                reason: String, code: String, stage: String, decoder: String?, studyKey: String?,
                quarantinedAt: String, copied: Bool) {
        self.id = id
        self.name = name
        self.originalPath = originalPath
        self.size = size
        self.sha256 = sha256
        self.modifiedAt = modifiedAt
        self.reason = reason
        self.code = code
        self.stage = stage
        self.decoder = decoder
        self.studyKey = studyKey
        self.quarantinedAt = quarantinedAt
        self.copied = copied
    }
}

/// `Store/quarantine/<id>/`: a copy of each file that could not be taken and its reason file.
public struct Quarantine: Sendable {
    public let folder: URL

    public init(layout: StoreLayout) { folder = layout.quarantine }

    public static func makeID(now: Date = Date()) -> String {
        var components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
        components.nanosecond = nil
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", components.year!, components.month!, components.day!,
                           components.hour!, components.minute!, components.second!)
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return stamp + "-" + String(repeating: "0", count: 8 - suffix.count) + suffix
    }

    /// Records `entry`, copying `bytes` (when given) beside it. Durable when it returns.
    @discardableResult
    public func add(_ entry: QuarantineEntry, bytes: Data?) throws(StoreError) -> QuarantineEntry {
        let entryFolder = folder.appendingPathComponent(entry.id)
        var entry = entry
        entry.copied = bytes != nil
        do {
            try FileManager.default.createDirectory(at: entryFolder, withIntermediateDirectories: true)
            if let bytes {
                try bytes.write(to: entryFolder.appendingPathComponent(Self.safeName(entry.name)), options: .atomic)
            }
        } catch {
            throw StoreError("cannot quarantine \(entry.name): \(error.localizedDescription)")
        }
        return try addReason(entry, in: entryFolder)
    }

    private func addReason(_ entry: QuarantineEntry, in entryFolder: URL) throws(StoreError) -> QuarantineEntry {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(entry).write(to: entryFolder.appendingPathComponent(Self.safeName(entry.name) + ".reason.json"),
                                            options: .atomic)
        } catch {
            throw StoreError("cannot quarantine \(entry.name): \(error.localizedDescription)")
        }
        // The inbox original may be deleted as soon as this returns: make the copy durable.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: entryFolder.path)) ?? [] {
            let fd = open(entryFolder.appendingPathComponent(name).path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { fsync(fd); close(fd) }
        }
        _ = BlobStore.syncDirectory(entryFolder.path)
        _ = BlobStore.syncDirectory(folder.path)
        return entry
    }

    /// Records `entry`, copying the file at `original` (which must not be a symlink) beside it.
    @discardableResult
    public func add(_ entry: QuarantineEntry, copying original: URL) throws(StoreError) -> QuarantineEntry {
        let entryFolder = folder.appendingPathComponent(entry.id)
        do {
            try FileManager.default.createDirectory(at: entryFolder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: original, to: entryFolder.appendingPathComponent(Self.safeName(entry.name)))
        } catch {
            throw StoreError("cannot quarantine \(entry.name): \(error.localizedDescription)")
        }
        var copied = entry
        copied.copied = true
        return try addReason(copied, in: entryFolder)
    }

    /// Every entry, oldest first.
    public func list() -> [QuarantineEntry] {
        let decoder = JSONDecoder()
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return ids.sorted().compactMap { id in
            let entryFolder = folder.appendingPathComponent(id)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: entryFolder.path)) ?? []
            guard let reasonFile = files.first(where: { $0.hasSuffix(".reason.json") }),
                  let data = try? Data(contentsOf: entryFolder.appendingPathComponent(reasonFile)) else { return nil }
            return try? decoder.decode(QuarantineEntry.self, from: data)
        }
    }

    /// The copied original of an entry, when there is one.
    public func copyPath(of entry: QuarantineEntry) -> URL? {
        entry.copied ? folder.appendingPathComponent(entry.id).appendingPathComponent(Self.safeName(entry.name)) : nil
    }

    /// Deletes an entry and its copy.
    public func remove(id: String) throws(StoreError) {
        guard !id.isEmpty, !id.contains("/"), !id.hasPrefix(".") else { throw StoreError("'\(id)' is not a quarantine id") }
        let entryFolder = folder.appendingPathComponent(id)
        guard FileManager.default.fileExists(atPath: entryFolder.path) else { throw StoreError("no quarantine entry \(id)") }
        do {
            try FileManager.default.removeItem(at: entryFolder)
        } catch {
            throw StoreError("cannot remove quarantine entry \(id): \(error.localizedDescription)")
        }
    }

    /// The longest copy name kept, in UTF-8 bytes: with `.reason.json` (and an atomic write's
    /// temporary suffix) it must stay under NAME_MAX (255), or the entry cannot be written and the
    /// whole batch fails with it. The reason file keeps the full name.
    static let maxNameBytes = 200

    /// A file name that is safe to create: no path separators, not `.`/`..`, no leading dot, at
    /// most ``maxNameBytes`` bytes (cut at a character boundary).
    static func safeName(_ name: String) -> String {
        var safe = name.replacingOccurrences(of: "/", with: "_")
        if safe.hasPrefix(".") { safe = "_" + safe }
        if safe.utf8.count > maxNameBytes {
            var kept = ""
            for character in safe {
                if kept.utf8.count + character.utf8.count > maxNameBytes { break }
                kept.append(character)
            }
            safe = kept
        }
        return safe.isEmpty ? "_" : safe
    }
}
