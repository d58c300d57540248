import Foundation
import Store

/// The quarantine's entries keyed by (original path, size, mtime), loaded once: the memory that
/// keeps a file that failed from being recorded again until it changes.
public final class QuarantineIndex: @unchecked Sendable {
    private let lock = NSLock()
    private let quarantine: Quarantine
    private var loaded = false
    private var byKey: [String: QuarantineEntry] = [:]

    init(quarantine: Quarantine) { self.quarantine = quarantine }

    private static func key(path: String, size: Int?, modifiedAt: Double?) -> String {
        "\(path)\u{0}\(size.map(String.init) ?? "-")\u{0}\(modifiedAt.map { String(format: "%.6f", $0) } ?? "-")"
    }

    func entry(path: String, size: Int?, modifiedAt: Double?) -> QuarantineEntry? {
        lock.withLock {
            if !loaded {
                for entry in quarantine.list() { byKey[Self.key(path: entry.originalPath, size: entry.size, modifiedAt: entry.modifiedAt)] = entry }
                loaded = true
            }
            return byKey[Self.key(path: path, size: size, modifiedAt: modifiedAt)]
        }
    }

    func insert(_ entry: QuarantineEntry) {
        lock.withLock { byKey[Self.key(path: entry.originalPath, size: entry.size, modifiedAt: entry.modifiedAt)] = entry }
    }

    /// Drops the cache (after `quarantine retry` or `purge` changed the folder).
    public func invalidate() {
        lock.withLock {
            byKey.removeAll()
            loaded = false
        }
    }
}
