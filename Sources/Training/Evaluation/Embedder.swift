public import Models
public import Tensors

/// Runs a model in inference mode over many texts or images, in batches, and returns the
/// L2-normalised embeddings as one `[count, projectionDim]` tensor (row i = input i).
public struct Embedder {
    public let model: M3CLIPModel
    public let tokenizer: any TextTokenizer
    public let batchSize: Int

    public init(model: M3CLIPModel, tokenizer: any TextTokenizer, batchSize: Int = 64) {
        precondition(batchSize > 0, "Embedder: batchSize must be positive")
        self.model = model
        self.tokenizer = tokenizer
        self.batchSize = batchSize
    }

    public init(_ checkpoint: Checkpoint, batchSize: Int = 64) {
        self.init(model: checkpoint.model, tokenizer: checkpoint.tokenizer, batchSize: batchSize)
    }

    public var preprocessor: ImagePreprocessor { ImagePreprocessor(config: model.config) }

    /// Embeddings of `texts`, `[texts.count, d]`.
    public func embed(texts: [String]) -> Tensor {
        chunks(texts.count) { range in
            model.encodeText(tokenizer.batch(Array(texts[range]), maxLength: model.config.maxTextLength))
        }
    }

    /// Embeddings of grey squares already at the encoder's input size (``ImagePreprocessor/square(grey:width:height:)``).
    public func embed(squares: [[Float]]) -> Tensor {
        let pre = preprocessor
        return chunks(squares.count) { range in
            model.encodeImage(concat(squares[range].map { pre.normalized(square: $0) }, axis: 0))
        }
    }

    private func chunks(_ count: Int, _ body: (Range<Int>) -> Tensor) -> Tensor {
        guard count > 0 else { return Tensor.zeros([0, model.config.projectionDim]) }
        var parts: [Tensor] = []
        var start = 0
        while start < count {
            let end = min(count, start + batchSize)
            parts.append(body(start..<end))
            start = end
        }
        return parts.count == 1 ? parts[0] : concat(parts, axis: 0)
    }
}
