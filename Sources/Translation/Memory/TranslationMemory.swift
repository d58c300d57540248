import Foundation

/// Where a `TranslationMemory` keeps its entries between runs (the store implements it).
public protocol TranslationMemoryPersistence: Sendable {
    /// Every entry made by `engine`.
    func loadMemoryEntries(engine: String) throws -> [MemoryEntry]
    /// Adds or replaces entries (one transaction).
    func saveMemoryEntries(_ entries: [MemoryEntry]) throws
}

/// The sentence-level translation memory: an in-process dictionary in front of the store, so a
/// look-up costs a hash, not a query. Radiology text repeats heavily, so look-ups come first and
/// only misses reach an engine. Each engine's entries load from the store on first use.
public final class TranslationMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [MemoryKey: MemoryEntry] = [:]
    private var loadedEngines: Set<String> = []
    private let persistence: (any TranslationMemoryPersistence)?
    private var hitCount = 0
    private var missCount = 0

    /// A memory backed by `persistence`; nil keeps it in this process only.
    public init(persistence: (any TranslationMemoryPersistence)? = nil) {
        self.persistence = persistence
    }

    /// Look-ups and hits since this memory was made.
    public var counters: (lookups: Int, hits: Int) { lock.withLock { (hitCount + missCount, hitCount) } }

    /// The entry for `key`, counting the look-up.
    public func lookup(_ key: MemoryKey) throws -> MemoryEntry? {
        try ensureLoaded(key.engine)
        return lock.withLock {
            let entry = entries[key]
            if entry == nil { missCount += 1 } else { hitCount += 1 }
            return entry
        }
    }

    /// Entries for many keys at once (one lock), nil where missing.
    public func lookup(_ keys: [MemoryKey]) throws -> [MemoryEntry?] {
        for engine in Set(keys.map(\.engine)) { try ensureLoaded(engine) }
        return lock.withLock {
            keys.map { key in
                let entry = entries[key]
                if entry == nil { missCount += 1 } else { hitCount += 1 }
                return entry
            }
        }
    }

    /// Stores new entries: first in the persistence (so nothing is remembered that was not
    /// saved), then in the dictionary.
    public func insert(_ newEntries: [MemoryEntry]) throws {
        guard !newEntries.isEmpty else { return }
        try persistence?.saveMemoryEntries(newEntries)
        lock.withLock {
            for entry in newEntries { entries[entry.key] = entry }
        }
    }

    /// How many entries are in memory now.
    public var count: Int { lock.withLock { entries.count } }

    private func ensureLoaded(_ engine: String) throws {
        guard let persistence, !lock.withLock({ loadedEngines.contains(engine) }) else { return }
        let loaded = try persistence.loadMemoryEntries(engine: engine)
        lock.withLock {
            guard loadedEngines.insert(engine).inserted else { return }
            for entry in loaded where entries[entry.key] == nil { entries[entry.key] = entry }
        }
    }
}
