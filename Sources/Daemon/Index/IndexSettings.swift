public import Index

/// The `[index]` section: how published indexes are written and kept fresh. Every key is
/// documented in `Config/m3clip.toml`.
public struct IndexSettings: Sendable, Equatable {
    /// Element type of the embedding matrices (`float32`, or `float16` for half the size).
    public var dtype: EmbeddingDType
    /// Embed studies committed after the current index was built into delta segments.
    public var freshness: Bool
    /// Once the current index has this many delta segments, they are merged into a new index
    /// (rows and embeddings copied, nothing re-embedded) that becomes current.
    public var mergeAfterDeltas: Int

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> IndexSettings {
        let dtypeText = try section.string("dtype", default: "float32")
        guard let dtype = EmbeddingDType(rawValue: dtypeText) else {
            throw ConfigurationError(key: "index.dtype", message: "'\(dtypeText)' is not float32 or float16")
        }
        return IndexSettings(dtype: dtype, freshness: try section.bool("freshness", default: true),
                             mergeAfterDeltas: try section.integer("merge_after_deltas", default: 32, in: 1...9_999))
    }
}
