import Foundation
public import Index
public import Store

/// The rows an index of the corpus holds, as of one version, without embedding anything: every
/// live image (with its blob hash, to decode when it must be embedded) and every text — each
/// sentence in its report's language and each kept translation in its target language.
///
/// Labels as the trainer sees them: an image takes its study's report labels (`...` nothing
/// mentioned when the study has no report, none while its report awaits labels); a text its own
/// (a translation its English source sentence's), none while awaiting labels.
public struct CorpusIndexRows: Sendable {
    public struct Image: Sendable {
        public var row: IndexRow
        public var blob: ContentHash
    }

    public let version: Int
    public let images: [Image]
    public let texts: [IndexRow]

    /// Reads the rows from `store` (one read transaction).
    public init(store: CorpusStore, asOf version: Int? = nil) throws {
        let rows = try store.trainingRows(asOf: version)
        self.version = rows.version
        images = try rows.images.map { image in
            guard let blob = ContentHash(hex: image.sha256) else { throw StoreError("image \(image.imageId): bad hash \(image.sha256)") }
            return Image(row: IndexRow(modality: .image, study: image.studyKey, part: "image:\(image.imageId)", labels: image.labelStates,
                                       corpusVersion: image.addedVersion),
                         blob: blob)
        }
        texts = rows.texts.compactMap { text in
            guard LabelStatesCode.decode(text.states) != nil else { return nil }
            return IndexRow(modality: .text, study: text.studyKey, part: text.id,
                            sentenceID: text.origin == .sentence ? Int64(text.id.dropFirst("sentence:".count)) : text.sourceSentenceID,
                            language: text.language, text: text.text, labels: text.labeled ? text.states : nil,
                            corpusVersion: text.addedVersion)
        }
    }
}
