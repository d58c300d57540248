import Foundation
import Radiology
public import Store
public import Training

/// Reads the corpus as of one version out of the store into memory for a run: every live image
/// decoded into a grey square at the encoder's size (with its study's report labels), every
/// labeled sentence and every kept translation (with its source sentence's labels).
public struct TrainingCorpusLoader {
    public let store: CorpusStore
    public let imageSize: Int

    public init(store: CorpusStore, imageSize: Int) {
        self.store = store
        self.imageSize = imageSize
    }

    /// The corpus and the images that could not be read or decoded (id and reason; a damaged
    /// blob never stops a run, `m3clip verify` reports it).
    public func load(asOf version: Int? = nil) throws -> (corpus: TrainingCorpus, skipped: [(id: String, reason: String)]) {
        let rows = try store.trainingRows(asOf: version)
        let blobs = store.blobs
        let images = rows.images
        let squares = RadiographSquares(size: imageSize).squares(count: images.count) { i in
            guard let hash = ContentHash(hex: images[i].sha256) else { throw StoreError("bad hash \(images[i].sha256)") }
            return try blobs.read(hash)
        }
        var trainingImages: [TrainingImage] = []
        var skipped: [(id: String, reason: String)] = []
        for (row, result) in zip(images, squares) {
            let id = "image:\(row.imageId)"
            switch result {
            case .success(let pixels):
                // Unknown (trained only in true pairs) while its report awaits labels.
                let labels = row.labelStates.flatMap(LabelStatesCode.decode)
                trainingImages.append(TrainingImage(id: id, studyKey: row.studyKey, labels: labels, addedVersion: row.addedVersion,
                                                    pixels: pixels, side: imageSize, source: row.sha256))
            case .failure(let error):
                skipped.append((id, "\(error)"))
            }
        }
        let texts = rows.texts.compactMap { row -> TrainingText? in
            guard let labels = LabelStatesCode.decode(row.states) else { return nil }
            return TrainingText(id: row.id, studyKey: row.studyKey, language: row.language, text: row.text, labels: row.labeled ? labels : nil,
                                origin: row.origin == .translation ? .translation : .sentence, addedVersion: row.addedVersion)
        }
        return (TrainingCorpus(version: rows.version, images: trainingImages, texts: texts), skipped)
    }
}
