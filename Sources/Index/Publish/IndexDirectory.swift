public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Store/indexes/` folder: published index folders `<id>/`, the `current` symlink, the
/// publication `history` and `tags.json`.
///
/// - `current` is a relative symlink to `<id>`. ``makeCurrent(_:)`` creates `.current-<uuid>` → `<id>`
///   and `rename(2)`s it over `current`, so every reader sees the old or the new target, never
///   none. A reader that has opened an index keeps its mappings whatever `current` does later.
/// - `history` lists the ids `current` was switched to, oldest first, one a line. Rollback goes
///   back along it (a stack: rolling back pops the current id), so rollback follows what was
///   actually live, not creation dates: an index published but never made current is skipped, and
///   after a rollback the next rollback goes one step further back, not forward again. Ids whose
///   folder has been deleted are skipped. `makeCurrent` switches then appends; `rollback` rewrites
///   the history then switches; either way a crash in between leaves a history that the next
///   rollback still reads correctly.
/// - `tags.json` maps names to ids (`m3clip index tag ID NAME`), for GC to keep.
///
/// Switches, rollbacks and tags take an exclusive `flock` on `indexes/.lock`, so concurrent
/// admins cannot interleave history updates. Names starting with `.` are never indexes.
public struct IndexDirectory: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// `<store>/indexes`.
    public init(store: URL) { self.init(url: store.appendingPathComponent("indexes")) }

    public static let currentName = "current"
    static let reservedNames: Set<String> = [currentName, "history", "tags.json"]

    public func path(of id: String) -> URL { url.appendingPathComponent(id) }

    public func create() throws(IndexError) {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw IndexError("cannot create \(url.path): \(error)")
        }
    }

    /// A new index id: creation time (UTC, sortable), corpus version and a random suffix,
    /// e.g. `20260808T070508Z-v12-3f9a1c`.
    public static func makeID(corpusVersion: Int, createdAt: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: createdAt)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let stamp = "\(String(format: "%04d", parts.year ?? 0))\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(6)
        return "\(stamp)-v\(corpusVersion)-\(suffix)"
    }

    /// Ids and tag names: 1-128 characters of letters, digits, `-`, `_`, `.`, not starting with `.`
    /// and not a reserved name (`current`, `history`, `tags.json`).
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 128, !name.hasPrefix("."), !reservedNames.contains(name) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// Published index ids (folders holding a `manifest.json`), sorted by name, which for
    /// generated ids is creation order.
    public func ids() throws(IndexError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return [] }
            throw IndexError("cannot list \(url.path): \(error)")
        }
        return names.filter { name in
            guard Self.isValidName(name) else { return false }
            var isFolder: ObjCBool = false
            let manifest = path(of: name).appendingPathComponent("manifest.json").path
            return FileManager.default.fileExists(atPath: path(of: name).path, isDirectory: &isFolder) && isFolder.boolValue
                && FileManager.default.fileExists(atPath: manifest)
        }.sorted()
    }

    public func manifest(of id: String) throws(IndexError) -> IndexManifest {
        try Self.readManifest(in: path(of: id), what: "index \(id)")
    }

    /// The manifests of index `id`'s delta segments, in order.
    public func deltaManifests(of id: String) throws(IndexError) -> [IndexManifest] {
        let folder = path(of: id)
        return try IndexWriter.deltaNames(in: folder).map { (name) throws(IndexError) in
            try Self.readManifest(in: folder.appendingPathComponent(name), what: "delta \(name) of index \(id)")
        }
    }

    private static func readManifest(in folder: URL, what: String) throws(IndexError) -> IndexManifest {
        let path = folder.appendingPathComponent("manifest.json").path
        guard let data = FileManager.default.contents(atPath: path) else { throw IndexError("no \(what) (\(path) unreadable)") }
        return try IndexManifest.decode(data, name: path)
    }

    /// The id `current` points at; nil when nothing has been made current.
    public func currentID() throws(IndexError) -> String? {
        let link = url.appendingPathComponent(Self.currentName).path
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink(link, &buffer, buffer.count - 1)
        guard length >= 0 else {
            if errno == ENOENT { return nil }
            throw IndexError("cannot read \(link): \(systemError())")
        }
        let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard Self.isValidName(target) else { throw IndexError("\(link) points at '\(target)', not an index id") }
        return target
    }

    /// An index id from an id, a tag name or `current`.
    public func resolve(_ reference: String) throws(IndexError) -> String {
        if reference == Self.currentName {
            guard let id = try currentID() else { throw IndexError("no index is current in \(url.path)") }
            return id
        }
        if Self.isValidName(reference), try ids().contains(reference) { return reference }
        if let id = try tags()[reference] { return id }
        throw IndexError("no index or tag named '\(reference)' in \(url.path)")
    }

    /// Atomically points `current` at `id` and records it in the history.
    public func makeCurrent(_ id: String) throws(IndexError) {
        try withLock { () throws(IndexError) in
            try switchCurrent(to: id)
            var history = try history()
            if history.last != id {
                history.append(id)
                try writeHistory(history)
            }
        }
    }

    /// Points `current` back at the index that was current before it (or at `id`, cutting the
    /// history back to that id's last appearance); returns the id now current.
    @discardableResult
    public func rollback(to id: String? = nil) throws(IndexError) -> String {
        try withLock { () throws(IndexError) -> String in
            var history = try history()
            let existing = Set(try ids())
            let target: String
            if let id {
                guard existing.contains(id) else { throw IndexError("no index \(id) to roll back to") }
                target = id
                if let last = history.lastIndex(of: id) { history.removeSubrange((last + 1)...) } else { history.append(id) }
            } else {
                let current = try currentID()
                while let last = history.last, last == current || !existing.contains(last) { history.removeLast() }
                guard let previous = history.last else { throw IndexError("no earlier index to roll back to in \(url.path)") }
                target = previous
            }
            try writeHistory(history)
            try switchCurrent(to: target)
            return target
        }
    }

    /// The ids `current` has been switched to, oldest first.
    public func history() throws(IndexError) -> [String] {
        let path = url.appendingPathComponent("history").path
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter(Self.isValidName)
    }

    /// Names `id` as `name` (moving the tag if it named another index).
    public func tag(_ id: String, as name: String) throws(IndexError) {
        guard Self.isValidName(name) else { throw IndexError("'\(name)' is not a valid tag name") }
        try withLock { () throws(IndexError) in
            guard try ids().contains(id) else { throw IndexError("no index \(id) to tag") }
            var tags = try tags()
            tags[name] = id
            try writeAtomically(Self.encodeTags(tags), name: "tags.json")
        }
    }

    /// Tag name → index id.
    public func tags() throws(IndexError) -> [String: String] {
        let path = url.appendingPathComponent("tags.json").path
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        do { return try JSONDecoder().decode([String: String].self, from: data) } catch {
            throw IndexError("\(path): invalid tags file: \(error)")
        }
    }

    // MARK: - Internals

    private func switchCurrent(to id: String) throws(IndexError) {
        guard Self.isValidName(id), try ids().contains(id) else { throw IndexError("no published index \(id) in \(url.path)") }
        _ = try manifest(of: id)
        let temporary = url.appendingPathComponent(".current-\(UUID().uuidString)").path
        guard symlink(id, temporary) == 0 else { throw IndexError("cannot create \(temporary): \(systemError())") }
        guard rename(temporary, url.appendingPathComponent(Self.currentName).path) == 0 else {
            let message = systemError()
            unlink(temporary)
            throw IndexError("cannot switch current to \(id): \(message)")
        }
        try syncDirectory(url.path)
    }

    private func writeHistory(_ history: [String]) throws(IndexError) {
        try writeAtomically(Array(history.map { $0 + "\n" }.joined().utf8), name: "history")
    }

    private func writeAtomically(_ bytes: [UInt8], name: String) throws(IndexError) {
        let temporary = url.appendingPathComponent(".\(name)-\(UUID().uuidString)").path
        let file = try DurableFileWriter(path: temporary)
        try file.write(bytes)
        _ = try file.finish()
        guard rename(temporary, url.appendingPathComponent(name).path) == 0 else {
            let message = systemError()
            unlink(temporary)
            throw IndexError("cannot replace \(name) in \(url.path): \(message)")
        }
        try syncDirectory(url.path)
    }

    /// A string map as pretty-printed JSON with sorted keys.
    private static func encodeTags(_ tags: [String: String]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(tags)) ?? Data("{}".utf8))
    }

    private func withLock<Result>(_ body: () throws(IndexError) -> Result) throws(IndexError) -> Result {
        try create()
        let path = url.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError("cannot open \(path): \(systemError())") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw IndexError("cannot lock \(path): \(systemError())") }
        }
        return try body()
    }
}
