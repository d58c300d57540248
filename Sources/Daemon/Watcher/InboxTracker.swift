import Foundation

/// The inbox's lifecycle logic, with no I/O (STYLE.md §1): which entries are ready to take.
///
/// - An entry renamed into the inbox (inotify `IN_MOVED_TO`) is ready at once: rename is atomic.
/// - Any other entry (written in place, or found by a rescan) is ready once its signature (size and
///   mtime; for a folder, file count, total size and newest mtime) has not changed for
///   `settleSeconds`, counted from when it was first seen.
/// - An entry left behind by a batch (a file that could not be read, say) is not retaken until its
///   signature changes: that is the (path, size, mtime) memory of what failed.
public struct InboxTracker: Sendable {
    struct Entry: Sendable {
        var signature: EntrySignature
        /// When the current signature was first observed.
        var stableSince: Double
        var movedIn: Bool
    }

    public var settleSeconds: Double
    private var entries: [String: Entry] = [:]
    private var leftBehind: [String: EntrySignature] = [:]

    public init(settleSeconds: Double) { self.settleSeconds = settleSeconds }

    /// Records that `name` was renamed into the inbox.
    public mutating func noteMovedIn(_ name: String) {
        pendingMoves.insert(name)
    }
    private var pendingMoves: Set<String> = []

    /// Updates the tracker with a full scan of the inbox (`name → signature`, dot-names excluded).
    public mutating func observe(_ scan: [String: EntrySignature], now: Double) {
        for name in entries.keys where scan[name] == nil { entries[name] = nil }
        for name in leftBehind.keys where scan[name] == nil { leftBehind[name] = nil }
        for (name, signature) in scan {
            if let old = leftBehind[name] {
                if old == signature { continue }
                leftBehind[name] = nil
            }
            let moved = pendingMoves.remove(name) != nil
            if var entry = entries[name] {
                if entry.signature != signature {
                    entry.signature = signature
                    entry.stableSince = now
                    entry.movedIn = false   // changed after the rename: now it must settle
                }
                entry.movedIn = entry.movedIn || moved
                entries[name] = entry
            } else {
                entries[name] = Entry(signature: signature, stableSince: now, movedIn: moved)
            }
        }
        pendingMoves.removeAll()   // renames of entries already gone again
    }

    /// Entries ready to take, oldest first.
    public func ready(now: Double) -> [String] {
        entries.filter { $0.value.movedIn || now - $0.value.stableSince >= settleSeconds }
            .sorted { ($0.value.stableSince, $0.key) < ($1.value.stableSince, $1.key) }
            .map(\.key)
    }

    /// When the next entry becomes ready by settling (nil when none is waiting).
    public func nextDeadline() -> Double? {
        entries.values.filter { !$0.movedIn }.map { $0.stableSince + settleSeconds }.min()
    }

    /// Entries seen but not yet taken (the backlog).
    public var waitingCount: Int { entries.count }

    /// After a batch: forget what was taken; remember what is still there (unchanged) so it is not
    /// retried until it changes. Entries the batch found `changed` since they settled are still
    /// being written: they are forgotten without that memory, so the next scan tracks them afresh
    /// and they are taken once they settle again.
    public mutating func finished(_ names: [String], remaining: [String: EntrySignature], changed: Set<String> = []) {
        for name in names {
            entries[name] = nil
            if let signature = remaining[name], !changed.contains(name) { leftBehind[name] = signature }
        }
    }

    /// Forgets the left-behind memory (a quarantine retry asks for another attempt).
    public mutating func forgetLeftBehind() { leftBehind.removeAll() }
}
