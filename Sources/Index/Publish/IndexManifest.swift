public import Foundation

/// `manifest.json` of a published index: what was embedded, by which model, from which corpus
/// version, and the size and SHA-256 of every other file in the folder.
///
/// ```json
/// {"format_version": 1, "id": "20260808T070508Z-v12-3f9a1c", "model_id": "m-0007",
///  "model_sha256": "ab12…", "corpus_version": 12, "dimension": 512, "dtype": "float32",
///  "counts": {"image": 2000, "text": 42000}, "languages": {"eng_Latn": 2000, "swh_Latn": 2000, …},
///  "created_at": "2026-08-08T07:05:08.123Z",
///  "files": {"images.npy": {"size": 4096128, "sha256": "…"}, …}}
/// ```
///
/// `counts` is rows per modality; `languages` is text rows per language (images have none).
/// Readers refuse a `format_version` they do not know.
public struct IndexManifest: Codable, Sendable, Equatable {
    public static let formatVersion = 1
    /// The files every index folder holds besides the manifest.
    public static let fileNames = ["images.npy", "texts.npy", "images.faiss", "texts.faiss", "images.jsonl", "texts.jsonl"]

    public var formatVersion: Int
    /// The folder name under `indexes/`.
    public var id: String
    public var modelID: String
    /// SHA-256 of the model's `model.safetensors`.
    public var modelSHA256: String
    public var corpusVersion: Int
    public var dimension: Int
    public var dtype: EmbeddingDType
    /// Rows per modality (`image`, `text`).
    public var counts: [String: Int]
    /// Text rows per language (FLORES-200 code).
    public var languages: [String: Int]
    public var createdAt: Date
    public var files: [String: FileDigest]
    /// Delta segments only (`<index>/delta-NNNN/manifest.json`): the index this segment extends.
    public var base: String?
    /// Delta segments only: rows of the base and earlier deltas this segment removes from search
    /// (their part was removed, replaced or relabeled), per modality, as positions in the
    /// concatenation base + delta-0001 + … in order.
    public var masked: [String: [Int]]?

    public init(id: String, modelID: String, modelSHA256: String, corpusVersion: Int, dimension: Int, dtype: EmbeddingDType,
                counts: [String: Int], languages: [String: Int], createdAt: Date, files: [String: FileDigest],
                base: String? = nil, masked: [String: [Int]]? = nil, formatVersion: Int = IndexManifest.formatVersion) {
        self.formatVersion = formatVersion
        self.id = id
        self.modelID = modelID
        self.modelSHA256 = modelSHA256
        self.corpusVersion = corpusVersion
        self.dimension = dimension
        self.dtype = dtype
        self.counts = counts
        self.languages = languages
        self.createdAt = createdAt
        self.files = files
        self.base = base
        self.masked = masked
    }

    public func count(of modality: IndexRow.Modality) -> Int { counts[modality.rawValue] ?? 0 }

    enum CodingKeys: String, CodingKey {
        case id, dimension, dtype, counts, languages, files, base, masked
        case formatVersion = "format_version"
        case modelID = "model_id"
        case modelSHA256 = "model_sha256"
        case corpusVersion = "corpus_version"
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        guard formatVersion == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(forKey: .formatVersion, in: container,
                                                   debugDescription: "unsupported index format version \(formatVersion) (this build reads \(Self.formatVersion))")
        }
        id = try container.decode(String.self, forKey: .id)
        modelID = try container.decode(String.self, forKey: .modelID)
        modelSHA256 = try container.decode(String.self, forKey: .modelSHA256)
        corpusVersion = try container.decode(Int.self, forKey: .corpusVersion)
        dimension = try container.decode(Int.self, forKey: .dimension)
        dtype = try container.decode(EmbeddingDType.self, forKey: .dtype)
        counts = try container.decode([String: Int].self, forKey: .counts)
        languages = try container.decode([String: Int].self, forKey: .languages)
        let created = try container.decode(String.self, forKey: .createdAt)
        guard let date = Self.parseDate(created) else {
            throw DecodingError.dataCorruptedError(forKey: .createdAt, in: container, debugDescription: "'\(created)' is not an ISO 8601 date")
        }
        createdAt = date
        files = try container.decode([String: FileDigest].self, forKey: .files)
        base = try container.decodeIfPresent(String.self, forKey: .base)
        masked = try container.decodeIfPresent([String: [Int]].self, forKey: .masked)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(id, forKey: .id)
        try container.encode(modelID, forKey: .modelID)
        try container.encode(modelSHA256, forKey: .modelSHA256)
        try container.encode(corpusVersion, forKey: .corpusVersion)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(dtype, forKey: .dtype)
        try container.encode(counts, forKey: .counts)
        try container.encode(languages, forKey: .languages)
        try container.encode(Self.formatDate(createdAt), forKey: .createdAt)
        try container.encode(files, forKey: .files)
        try container.encodeIfPresent(base, forKey: .base)
        try container.encodeIfPresent(masked, forKey: .masked)
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-08-08T07:05:08.123Z`.
    public static func formatDate(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses ISO 8601 with or without fractional seconds.
    public static func parseDate(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// The manifest as written to disk: pretty-printed JSON with sorted keys.
    public func encoded() throws(IndexError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch { throw IndexError("cannot encode manifest: \(error)") }
    }

    public static func decode(_ data: Data, name: String) throws(IndexError) -> IndexManifest {
        do { return try JSONDecoder().decode(IndexManifest.self, from: data) } catch {
            throw IndexError("\(name): invalid index manifest: \(error)")
        }
    }
}
