public import Foundation
public import Training

/// Medical text pre-training's data for the PyTorch trainer (`Workers/trainer`, which runs MLM/TLM
/// when it is handed this format): the store's text outside the evaluation split, as
/// ``TextPretrainingCorpusLoader`` reads it.
///
/// - `snapshot.json`: `format` (`m3clip-text-snapshot`), `version` 1, `settings` (the run's
///   ``TextPretrainingSettings`` as JSON: objectives, batch, sequence length, masking, schedule),
///   `counts`, `created_at`;
/// - `sentences.jsonl`: `{"study", "language", "text"}` per sentence (MLM);
/// - `pairs.jsonl`: `{"study", "source_language", "source", "language", "translation"}` per kept
///   translation with its English source (TLM).
///
/// The tokenizer travels with the starting encoder folder (`--init`), not here.
public struct TextPretrainingSnapshot {
    public static let format = "m3clip-text-snapshot"

    public let corpus: TextPretrainingCorpus
    public let settings: TextPretrainingSettings

    public init(corpus: TextPretrainingCorpus, settings: TextPretrainingSettings) {
        self.corpus = corpus
        self.settings = settings
    }

    /// Writes the three files into `folder` (created).
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var sentences = Data(), pairs = Data()
        for sentence in corpus.sentences {
            sentences.append(try encoder.encode(["study": sentence.studyKey, "language": sentence.language, "text": sentence.text]))
            sentences.append(0x0A)
        }
        for pair in corpus.pairs {
            pairs.append(try encoder.encode(["study": pair.source.studyKey, "source_language": pair.source.language, "source": pair.source.text,
                                             "language": pair.translation.language, "translation": pair.translation.text]))
            pairs.append(0x0A)
        }
        try sentences.write(to: folder.appendingPathComponent("sentences.jsonl"))
        try pairs.write(to: folder.appendingPathComponent("pairs.jsonl"))
        let meta: [String: Any] = [
            "format": Self.format, "version": 1,
            "settings": try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)),
            "counts": ["sentences": corpus.sentences.count, "pairs": corpus.pairs.count,
                       "sentences_by_language": corpus.sentenceCounts, "pairs_by_language": corpus.pairCounts],
            "created_at": ISO8601DateFormatter().string(from: Date()),
        ]
        try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys])
            .write(to: folder.appendingPathComponent("snapshot.json"))
    }
}
