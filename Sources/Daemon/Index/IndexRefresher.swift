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
        public var duration: Duration
    }

    /// Writes a delta to `index` (opened by the caller, with its deltas) when the corpus differs
    /// from it; nil when nothing changed. `unreadable` are image parts not to try again.
    public func refresh(_ index: LiveIndex, skipping unreadable: Set<String> = []) throws -> Delta? {
        let started = ContinuousClock.now
        let corpus = try CorpusIndexRows(store: store)
        guard corpus.version >= index.corpusVersion else { return nil }

        let current: [IndexRow.Modality: Set<IndexRow>] = [.image: Set(corpus.images.map(\.row)), .text: Set(corpus.texts)]
        var indexed: [IndexRow.Modality: Set<IndexRow>] = [:]
        var masked: [IndexRow.Modality: [Int]] = [:]
        for modality in IndexRow.Modality.allCases {
            for (row, metadata) in index.liveRows(modality) {
                indexed[modality, default: []].insert(metadata)
                if !current[modality]!.contains(metadata) { masked[modality, default: []].append(row) }
            }
        }
        let newImages = corpus.images.filter { !(indexed[.image]?.contains($0.row) ?? false) && !unreadable.contains($0.row.part) }
        let newTexts = corpus.texts.filter { !(indexed[.text]?.contains($0) ?? false) }
        guard !newImages.isEmpty || !newTexts.isEmpty || !masked.isEmpty else { return nil }

        let output = try models.withEmbedder(index.manifest.modelID) { embedder in
            IndexSectionEmbedder(embedder: embedder, blobs: store.blobs).embed(images: newImages, texts: newTexts)
        }
        let writer = IndexWriter(directory: IndexDirectory(store: store.layout.root), dtype: index.manifest.dtype)
        let manifest = try writer.writeDelta(to: index.id, corpusVersion: corpus.version, images: output.images, texts: output.texts,
                                             masked: masked)
        return Delta(index: index.id, manifest: manifest, masked: masked.values.reduce(0) { $0 + $1.count },
                     skipped: output.skipped.map(\.part), duration: ContinuousClock.now - started)
    }
}
