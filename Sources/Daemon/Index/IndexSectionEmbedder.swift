import Foundation
import Models
import Tensors
public import Index
public import Store
public import Training

/// Embeds index rows with one model: images decoded from their blobs (in parallel) into the
/// encoder's squares, texts tokenized; returns the writer's sections. An image that cannot be
/// read or decoded is left out and reported (a damaged blob never stops a publish; `m3clip
/// verify` names it).
public struct IndexSectionEmbedder {
    public let embedder: Embedder
    public let blobs: BlobStore

    public init(embedder: Embedder, blobs: BlobStore) {
        self.embedder = embedder
        self.blobs = blobs
    }

    public struct Output {
        public var images: IndexWriter.Section
        public var texts: IndexWriter.Section
        /// Image parts left out, with the reason.
        public var skipped: [(part: String, reason: String)]
    }

    public func embed(images: [CorpusIndexRows.Image], texts: [IndexRow]) -> Output {
        let blobs = blobs
        let squares = RadiographSquares(size: embedder.model.config.vision.imageSize).squares(count: images.count) { i in
            try blobs.read(images[i].blob)
        }
        var kept: [IndexRow] = []
        var pixels: [[Float]] = []
        var skipped: [(part: String, reason: String)] = []
        for (image, result) in zip(images, squares) {
            switch result {
            case .success(let square):
                kept.append(image.row)
                pixels.append(square)
            case .failure(let error):
                skipped.append((image.row.part, "\(error)"))
            }
        }
        return Output(images: .init(rows: kept, embeddings: embedder.embed(squares: pixels).scalars),
                      texts: .init(rows: texts, embeddings: embedder.embed(texts: texts.map { $0.text ?? "" }).scalars),
                      skipped: skipped)
    }
}
