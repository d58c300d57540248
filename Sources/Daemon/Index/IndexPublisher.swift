public import Foundation
public import Index
import Models
import Radiology
public import Store
import Tensors
import Training

/// Publishes the corpus as of the newest version, embedded by one checkpoint, as a new index under
/// `Store/indexes/<id>/` (DESIGN.md §3) and makes it `current`: every live image and every text
/// (each sentence in its language and each kept translation) is a row, so a query in any language
/// finds images whose reports were written in another.
public struct IndexPublisher {
    public let store: CorpusStore
    public let dtype: EmbeddingDType

    public init(store: CorpusStore, dtype: EmbeddingDType = .float32) {
        self.store = store
        self.dtype = dtype
    }

    public var indexes: IndexDirectory { IndexDirectory(store: store.layout.root) }

    /// Embeds and writes the index for the checkpoint at `modelFolder` (its folder name is the
    /// model id the manifest records); returns the manifest. `switchCurrent` false leaves
    /// `current` where it is.
    public func publish(modelFolder: URL, switchCurrent: Bool = true, log: (String) -> Void = { _ in }) throws -> IndexManifest {
        let checkpoint = try Checkpoint.load(from: modelFolder)
        let weights = try Data(contentsOf: modelFolder.appendingPathComponent("model.safetensors"), options: .mappedIfSafe)
        let loaded = try TrainingCorpusLoader(store: store, imageSize: checkpoint.model.config.vision.imageSize).load()
        for item in loaded.skipped.prefix(5) { log("image skipped: \(item.id): \(item.reason)") }
        let corpus = loaded.corpus
        log("embedding \(corpus.images.count) images and \(corpus.texts.count) texts with \(modelFolder.lastPathComponent)")
        let embedder = Embedder(checkpoint)
        let imageEmbeddings = embedder.embed(squares: corpus.images.map(\.pixels))
        let textEmbeddings = embedder.embed(texts: corpus.texts.map(\.text))
        let imageRows = corpus.images.map { image in
            IndexRow(modality: .image, study: image.studyKey, part: image.id, labels: image.labels.map(LabelStatesCode.encode),
                     corpusVersion: image.addedVersion)
        }
        let textRows = corpus.texts.map { text in
            IndexRow(modality: .text, study: text.studyKey, part: text.id,
                     sentenceID: text.origin == .sentence ? Int64(text.id.dropFirst("sentence:".count)) : nil,
                     language: text.language, text: text.text, labels: text.labels.map(LabelStatesCode.encode),
                     corpusVersion: text.addedVersion)
        }
        let writer = IndexWriter(directory: indexes, dtype: dtype)
        let manifest = try writer.write(model: .init(id: modelFolder.lastPathComponent, sha256: ContentHash(of: weights).hex),
                                        corpusVersion: corpus.version, dimension: checkpoint.model.config.projectionDim,
                                        images: .init(rows: imageRows, embeddings: imageEmbeddings.scalars),
                                        texts: .init(rows: textRows, embeddings: textEmbeddings.scalars))
        if switchCurrent { try indexes.makeCurrent(manifest.id) }
        log("published index \(manifest.id): \(imageRows.count) images, \(textRows.count) texts, corpus version \(corpus.version)")
        return manifest
    }
}
