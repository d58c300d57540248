public import Foundation
public import Index
public import Store

/// Keeps the current index fresh without re-embedding it: compares the rows the index holds (base
/// and deltas, masked rows left out) with the corpus's rows now, embeds only what is new with the
/// index's own model, and appends it as a delta segment that also masks what is gone (a part
/// removed or replaced, a sentence relabeled, a translation no longer kept).
public struct IndexRefresher {
    public let store: CorpusStore
    public let models: EmbeddingModels

    public init(store: CorpusStore, models: EmbeddingModels) {
        self.store = store
        self.models = models
    }

    public struct Delta: Sendable {
        public var index: String
        public var manifest: IndexManifest
        public var masked: Int
        /// Image parts that could not be decoded (left out; retried only when they change).
        public var skipped: [String]
        public var seconds: Double
    }

    /// Writes a delta to the current index when the corpus differs from it; nil when there is no
    /// current index or nothing changed. `unreadable` are image parts not to try again.
    public func refresh(skipping unreadable: Set<String> = []) throws -> Delta? {
        let started = Date()
        let indexes = IndexDirectory(store: store.layout.root)
        guard let id = try indexes.currentID() else { return nil }
        let index = try LiveIndex(indexes: indexes, reference: id)
        let corpus = try CorpusIndexRows(store: store)
        guard corpus.version >= index.corpusVersion else { return nil }

        var masked: [IndexRow.Modality: [Int]] = [:]
        var present: [IndexRow.Modality: Set<IndexRow> ] = [:]
        let current: [IndexRow.Modality: Set<IndexRow>] = [.image: Set(corpus.images.map(\.row)), .text: Set(corpus.texts)]
        for modality in IndexRow.Modality.allCases {
            for (row, metadata) in index.liveRows(modality) {
                if current[modality]!.contains(metadata) { present[modality, default: []].insert(metadata) } else { masked[modality, default: []].append(row) }
            }
        }
        let newImages = corpus.images.filter { !(present[.image]?.contains($0.row) ?? false) && !unreadable.contains($0.row.part) }
        let newTexts = corpus.texts.filter { !(present[.text]?.contains($0) ?? false) }
        guard !newImages.isEmpty || !newTexts.isEmpty || masked.values.contains(where: { !$0.isEmpty }) else { return nil }

        let model = index.manifest.modelID
        let output = try models.withEmbedder(model) { embedder in
            IndexSectionEmbedder(embedder: embedder, blobs: store.blobs).embed(images: newImages, texts: newTexts)
        }
        let writer = IndexWriter(directory: indexes, dtype: index.manifest.dtype)
        let manifest = try writer.writeDelta(to: id, corpusVersion: corpus.version, images: output.images, texts: output.texts, masked: masked)
        return Delta(index: id, manifest: manifest, masked: masked.values.reduce(0) { $0 + $1.count },
                     skipped: output.skipped.map(\.part), seconds: Date().timeIntervalSince(started))
    }
}
