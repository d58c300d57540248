public import Foundation
public import Index
import Models
public import Store
import Tensors
import Training

/// Answers searches over the store's published indexes: embeds the query with the index's model
/// (kept loaded) and searches the index with its delta segments.
///
/// The open index is kept between queries and reopened when `current` moves (publish, rollback)
/// or a delta segment appears, so a search always sees the newest rows and never a half-switched
/// index. Thread-safe; queries run concurrently except for the embedding step (one per model).
public final class QueryEngine: @unchecked Sendable {
    public let indexes: IndexDirectory
    public let models: EmbeddingModels
    private let lock = NSLock()
    private var open: [String: LiveIndex] = [:]
    /// English sentence rows by part, per index id and delta count (to show a translation's source).
    private var englishRows: [String: [String: IndexRow]] = [:]

    public init(layout: StoreLayout, models: EmbeddingModels) {
        indexes = IndexDirectory(store: layout.root)
        self.models = models
    }

    /// The index `reference` names, opened (or reused when nothing changed on disk).
    public func index(_ reference: String = IndexDirectory.currentName) throws(IndexError) -> LiveIndex {
        let id = try indexes.resolve(reference)
        let cached = lock.withLock { open[id] }
        if let cached, !cached.hasNewDeltas() { return cached }
        let fresh = try LiveIndex(indexes: indexes, reference: id)
        let current = try? indexes.currentID()
        lock.withLock {
            // Keep the current one and the one asked for; older ones are closed when their last
            // reader lets go.
            open = open.filter { $0.key == id || $0.key == current }
            open[id] = fresh
        }
        return fresh
    }

    public func search(_ query: SearchQuery) throws -> SearchResult {
        let index = try index(query.index)
        let model = query.model ?? index.manifest.modelID
        let embedStart = ContinuousClock.now
        let vector: [Float] = try models.withEmbedder(model) { embedder in
            switch query.content {
            case .text(let text):
                return embedder.embed(texts: [text]).scalars
            case .image(let data):
                let square = try RadiographSquares(size: embedder.model.config.vision.imageSize).square(data)
                return embedder.embed(squares: [square]).scalars
            }
        }
        guard vector.count == index.manifest.dimension else {
            throw IndexError("model \(model) embeds to \(vector.count) dimensions, index \(index.id) holds \(index.manifest.dimension)")
        }
        let searchStart = ContinuousClock.now
        let matches = try index.search(vector, modality: query.target, k: query.k, filter: query.filter)
        var contexts: [String: SearchResult.StudyContext] = [:]
        if query.withContext, query.target == .image, !matches.isEmpty {
            let studies = Set(matches.map(\.metadata.study))
            let texts = try index.search(vector, modality: .text, k: 64 * studies.count, filter: RowFilter(studies: studies))
            var best: [String: IndexMatch] = [:]
            for text in texts {  // best first
                let study = text.metadata.study
                var context = contexts[study] ?? SearchResult.StudyContext()
                if best[study] == nil { best[study] = text }
                if context.sentence == nil, query.language == nil || text.metadata.language == query.language { context.sentence = text }
                if context.english == nil, text.metadata.language == "eng_Latn" { context.english = text }
                contexts[study] = context
            }
            // No sentence in the query's language: the closest in any.
            for (study, text) in best where contexts[study]?.sentence == nil { contexts[study]?.sentence = text }
        }
        var sources: [String: IndexRow] = [:]
        if query.withContext {
            let rows = matches.map(\.metadata) + contexts.values.compactMap { $0.sentence?.metadata }
            let translations = rows.filter { $0.part.hasPrefix("translation:") && $0.sentenceID != nil }
            if !translations.isEmpty {
                let english = englishSentences(of: index)
                for row in translations { sources[row.part] = english["sentence:\(row.sentenceID!)"] }
            }
        }
        let end = ContinuousClock.now
        return SearchResult(index: index.id, model: model, corpusVersion: index.corpusVersion, modality: query.target, matches: matches,
                            embedSeconds: (searchStart - embedStart).seconds, searchSeconds: (end - searchStart).seconds, contexts: contexts,
                            englishSources: sources)
    }

    /// The English sentence rows of `index` by part, built once per index and delta count.
    private func englishSentences(of index: LiveIndex) -> [String: IndexRow] {
        let key = "\(index.id)/\(index.deltas.count)"
        if let cached = lock.withLock({ englishRows[key] }) { return cached }
        var rows: [String: IndexRow] = [:]
        for (_, row) in index.liveRows(.text) where row.language == "eng_Latn" && row.part.hasPrefix("sentence:") { rows[row.part] = row }
        lock.withLock { englishRows = [key: rows] }
        return rows
    }
}
