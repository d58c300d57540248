public import Foundation
public import Index
import Models
public import Store
import Training

/// Publishes the corpus as of the newest version, embedded by one checkpoint, as a new index under
/// `Store/indexes/<id>/` (DESIGN.md §3) and makes it `current`: every live image and every text
/// (each sentence in its language and each kept translation) is a row, so a query in any language
/// finds images whose reports were written in another. A new full index is also how delta
/// segments are merged: it holds everything they did, in one segment.
public struct IndexPublisher {
    public let store: CorpusStore
    public let dtype: EmbeddingDType

    public init(store: CorpusStore, dtype: EmbeddingDType = .float32) {
        self.store = store
        self.dtype = dtype
    }

    public var indexes: IndexDirectory { IndexDirectory(store: store.layout.root) }

    /// Embeds and writes the index for the checkpoint at `modelFolder` (its folder name is the
    /// model id the manifest records; a checkpoint outside `Store/models/` is copied in first,
    /// ``ModelFolders/adopt(_:)``); returns the manifest. `switchCurrent` false leaves
    /// `current` where it is.
    public func publish(modelFolder: URL, switchCurrent: Bool = true, log: (String) -> Void = { _ in }) throws -> IndexManifest {
        let folders = ModelFolders(layout: store.layout)
        let modelID = try folders.adopt(modelFolder)
        let modelFolder = folders.folder(id: modelID)
        let checkpoint = try Checkpoint.load(from: modelFolder)
        let weights = try Data(contentsOf: modelFolder.appendingPathComponent("model.safetensors"), options: .mappedIfSafe)
        let corpus = try CorpusIndexRows(store: store)
        log("embedding \(corpus.images.count) images and \(corpus.texts.count) texts with \(modelFolder.lastPathComponent)")
        let output = IndexSectionEmbedder(embedder: Embedder(checkpoint), blobs: store.blobs).embed(images: corpus.images, texts: corpus.texts)
        for item in output.skipped.prefix(5) { log("image skipped: \(item.part): \(item.reason)") }
        let writer = IndexWriter(directory: indexes, dtype: dtype)
        let manifest = try writer.write(model: .init(id: modelID, sha256: ContentHash(of: weights).hex),
                                        corpusVersion: corpus.version, dimension: checkpoint.model.config.projectionDim,
                                        images: output.images, texts: output.texts)
        if switchCurrent { try indexes.makeCurrent(manifest.id) }
        log("published index \(manifest.id): \(output.images.rows.count) images, \(output.texts.rows.count) texts, corpus version \(corpus.version)")
        return manifest
    }
}
