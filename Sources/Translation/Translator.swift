public import Radiology

/// One translated sentence as the pipeline sees it.
public struct TranslationResult: Sendable, Equatable {
    public var entry: MemoryEntry
    /// True when the memory answered (no engine call).
    public var fromMemory: Bool

    public var output: String { entry.output }
    public var decision: QualityDecision { entry.decision }
}

/// Memory first, engine for the misses, filters on what the engine returns (issue 5 §3–§4).
///
/// For each target: every sentence is looked up; the misses are de-duplicated (a sentence
/// repeated in the batch is translated once), sent to the engine in chunks of `batchSize`, judged
/// by the filters, marked for audit, and saved in the memory before the results are returned.
public struct Translator: Sendable {
    public let engine: any TranslationEngine
    public let memory: TranslationMemory
    public var filter: QualityFilter
    public var sampler: AuditSampler
    public var batchSize: Int

    public init(engine: any TranslationEngine, memory: TranslationMemory, filter: QualityFilter = QualityFilter(),
                sampler: AuditSampler = AuditSampler(), batchSize: Int = 32) {
        self.engine = engine
        self.memory = memory
        self.filter = filter
        self.sampler = sampler
        self.batchSize = max(1, batchSize)
    }

    /// Translates `sentences` from `source` into `target`; one result per sentence, in order.
    public func translate(_ sentences: [String], from source: LanguageCode, to target: LanguageCode) async throws -> [TranslationResult] {
        let keys = sentences.map { MemoryKey(source: $0, from: source, to: target, engine: engine.identifier) }
        let found = try memory.lookup(keys)
        var missing: [MemoryKey: String] = [:]
        var missingOrder: [MemoryKey] = []
        for (index, key) in keys.enumerated() where found[index] == nil && missing[key] == nil {
            missing[key] = key.source
            missingOrder.append(key)
        }
        var fresh: [MemoryKey: MemoryEntry] = [:]
        var start = 0
        while start < missingOrder.count {
            try Task.checkCancellation()
            let chunk = Array(missingOrder[start..<min(start + batchSize, missingOrder.count)])
            let outputs = try await engine.translate(chunk.map(\.source), from: source, to: target)
            guard outputs.count == chunk.count else {
                throw TranslationEngineError(.badResponse, "asked for \(chunk.count) translations, got \(outputs.count)")
            }
            var entries: [MemoryEntry] = []
            for (key, output) in zip(chunk, outputs) {
                let decision = filter.evaluate(source: key.source, output: output.text, from: source, to: target, logProb: output.logProb)
                entries.append(MemoryEntry(key: key, sourceText: key.source, output: output.text, logProb: output.logProb,
                                           decision: decision, audit: sampler.isSampled(key, output: output.text)))
            }
            try memory.insert(entries)
            for entry in entries { fresh[entry.key] = entry }
            start += batchSize
        }
        return keys.enumerated().map { index, key in
            if let hit = found[index] { return TranslationResult(entry: hit, fromMemory: true) }
            return TranslationResult(entry: fresh[key]!, fromMemory: false)
        }
    }
}
