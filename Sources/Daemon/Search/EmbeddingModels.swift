import Foundation
import Models
public import Store
public import Training

/// Checkpoints loaded for embedding — search queries and the delta segments that keep the index
/// fresh — one per model id, loaded on first use and kept. A model runs one batch at a time
/// (its own lock): the forward pass reuses buffers.
public final class EmbeddingModels: @unchecked Sendable {
    private final class Loaded {
        let embedder: Embedder
        let lock = NSLock()
        init(_ embedder: Embedder) { self.embedder = embedder }
    }

    private let folders: ModelFolders
    private let lock = NSLock()
    private var loaded: [String: Loaded] = [:]

    public init(layout: StoreLayout) { folders = ModelFolders(layout: layout) }

    /// Runs `body` with the embedder of `model` (an id in `Store/models/`, `current`, or a
    /// checkpoint folder), loading it first if needed.
    public func withEmbedder<Result>(_ model: String, _ body: (Embedder) throws -> Result) throws -> Result {
        let entry: Loaded = try lock.withLock {
            if let entry = loaded[model] { return entry }
            let entry = Loaded(Embedder(try Checkpoint.load(from: folders.resolve(model))))
            if model != "current" { loaded[model] = entry }
            return entry
        }
        return try entry.lock.withLock { try body(entry.embedder) }
    }
}
