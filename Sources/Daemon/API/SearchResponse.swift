public import Index

/// The JSON of a search answer (`POST /v1/search`, `m3clip search --json`):
///
/// ```json
/// {"index": "20260808T070508Z-v12-3f9a1c", "model": "m-20260808-070001-1a2b", "corpus_version": 12,
///  "modality": "image", "embed_ms": 3.1, "search_ms": 0.4,
///  "results": [{"rank": 1, "score": 0.83, "row": 17, "modality": "image", "study": "CXR1234",
///               "part": "image:17", "sentence_id": null, "language": null, "text": null,
///               "labels": "0.1.......1...", "corpus_version": 3}, …]}
/// ```
///
/// Each result is the row's metadata (the index's JSONL columns) with its rank, score and row.
public struct SearchResponse: Encodable, Sendable {
    public struct Result: Encodable, Sendable {
        public var rank: Int
        public var score: Float
        public var row: Int
        public var metadata: IndexRow
        /// With `with_context`: the study's closest sentence (in the query's language) and its closest English one.
        public var sentence: IndexRow?
        public var english: IndexRow?

        enum CodingKeys: String, CodingKey { case rank, score, row, context }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rank, forKey: .rank)
            try container.encode(score, forKey: .score)
            try container.encode(row, forKey: .row)
            if sentence != nil || english != nil {
                try container.encode(["sentence": sentence, "english": english], forKey: .context)
            }
            try metadata.encode(to: encoder)
        }
    }

    public var index: String
    public var model: String
    public var corpusVersion: Int
    public var modality: String
    public var embedMilliseconds: Double
    public var searchMilliseconds: Double
    public var results: [Result]

    enum CodingKeys: String, CodingKey {
        case index, model, modality, results
        case corpusVersion = "corpus_version"
        case embedMilliseconds = "embed_ms"
        case searchMilliseconds = "search_ms"
    }

    public init(_ result: SearchResult) {
        index = result.index
        model = result.model
        corpusVersion = result.corpusVersion
        modality = result.modality.rawValue
        embedMilliseconds = (result.embedSeconds * 1e5).rounded() / 100
        searchMilliseconds = (result.searchSeconds * 1e5).rounded() / 100
        results = result.matches.enumerated().map { item in
            let metadata = item.element.metadata
            if metadata.modality == .text {
                // A translation with the English sentence it translates.
                return Result(rank: item.offset + 1, score: item.element.score, row: item.element.row, metadata: metadata,
                              sentence: nil, english: result.englishSources[metadata.part])
            }
            let context = result.contexts[metadata.study]
            let sentence = context?.sentence?.metadata
            // The English source of the sentence shown when it is a translation, else the study's closest English sentence.
            let english = sentence.flatMap { result.englishSources[$0.part] } ?? context?.english?.metadata
            return Result(rank: item.offset + 1, score: item.element.score, row: item.element.row, metadata: metadata,
                          sentence: sentence, english: english)
        }
    }
}
