public import Tensors

/// What the text encoder returns for a batch.
public struct TextEncoderOutput {
    /// The embedding output followed by every layer's output, each `[batch, length, hidden]`
    /// (HF's `hidden_states`, so index 0 is the embeddings and the last is `last_hidden_state`).
    public let hiddenStates: [Tensor]
    /// `tanh(dense(h[:, 0]))` when the model has a pooler (HF `pooler_output`), else `nil`.
    public let pooler: Tensor?
    /// The attention mask `[batch, length]` the batch came with.
    public let mask: Tensor

    public var lastHiddenState: Tensor { hiddenStates[hiddenStates.count - 1] }
}

/// The XLM-RoBERTa encoder with Hugging Face semantics and tensor names (`embeddings.*`,
/// `encoder.layer.<i>.*`, optional `pooler.dense.*`), under an optional name prefix such as
/// `text_model.`.
///
/// Positions count from `pad_token_id + 1` over the non-padding tokens (HF
/// `create_position_ids_from_input_ids`); token types are all 0; blocks are post-LayerNorm with
/// exact-erf GELU; padded keys are masked out of attention. Dropout is not applied (the
/// encoders train without it here, as MedCLIP's fine-tuning of a pre-trained model tolerates).
public final class XLMRobertaModel: ParameterContainer {
    public let config: XLMRobertaConfig
    public let prefix: String
    public let wordEmbeddings: Parameter, positionEmbeddings: Parameter, tokenTypeEmbeddings: Parameter
    public let embeddingNorm: LayerNormLayer
    public let layers: [XLMRobertaLayer]
    public let pooler: Linear?

    /// A randomly initialised encoder (N(0, 0.02²) weights, like HF's `_init_weights`).
    public init(config: XLMRobertaConfig, prefix: String = "", pooler: Bool = false, seed: UInt64 = 0) {
        self.config = config
        self.prefix = prefix
        var rng = TensorRNG(seed: seed)
        let h = config.hiddenSize
        wordEmbeddings = Parameter(prefix + "embeddings.word_embeddings.weight",
                                   Tensor.randn([config.vocabSize, h], std: 0.02, rng: &rng))
        positionEmbeddings = Parameter(prefix + "embeddings.position_embeddings.weight",
                                       Tensor.randn([config.maxPositionEmbeddings, h], std: 0.02, rng: &rng))
        tokenTypeEmbeddings = Parameter(prefix + "embeddings.token_type_embeddings.weight",
                                        Tensor.randn([config.typeVocabSize, h], std: 0.02, rng: &rng))
        embeddingNorm = LayerNormLayer(prefix + "embeddings.LayerNorm", dim: h, eps: config.layerNormEps)
        layers = (0..<config.numHiddenLayers).map { XLMRobertaLayer(prefix + "encoder.layer.\($0).", config: config, rng: &rng) }
        self.pooler = pooler ? Linear(prefix + "pooler.dense", input: h, output: h, rng: &rng) : nil
    }

    public var parameters: [Parameter] {
        [wordEmbeddings, positionEmbeddings, tokenTypeEmbeddings] + embeddingNorm.parameters
            + layers.flatMap(\.parameters) + (pooler?.parameters ?? [])
    }

    /// HF's position ids: `pad + cumsum(mask)` on real tokens, `pad` on padding.
    public func positionIDs(_ batch: TokenBatch) -> [Int32] {
        let pad = Int32(config.padTokenID)
        var out = [Int32](repeating: pad, count: batch.ids.count)
        for r in 0..<batch.batch {
            var n: Int32 = 0
            for c in 0..<batch.length where batch.ids[r * batch.length + c] != pad {
                n += 1
                out[r * batch.length + c] = pad + n
            }
        }
        return out
    }

    /// Runs the encoder over a padded batch.
    public func callAsFunction(_ batch: TokenBatch, _ w: Weights = Weights()) -> TextEncoderOutput {
        precondition(batch.length <= config.maxSequenceLength,
                     "XLMRobertaModel: \(batch.length) tokens exceed the \(config.maxSequenceLength) positions")
        precondition(batch.ids.allSatisfy { $0 >= 0 && Int($0) < config.vocabSize },
                     "XLMRobertaModel: token id outside the vocabulary of \(config.vocabSize)")
        let shape = [batch.batch, batch.length]
        let words = embedding(batch.ids, table: w[wordEmbeddings], shape: shape)
        let positions = embedding(positionIDs(batch), table: w[positionEmbeddings], shape: shape)
        let types = w[tokenTypeEmbeddings].slice(axis: 0, 0..<1) // token_type_ids are all 0
        var x = embeddingNorm(words + positions + types, w)
        var states = [x]
        let mask = batch.maskTensor
        let keep = mask.reshaped([batch.batch, 1, 1, batch.length])
        for layer in layers {
            x = layer(x, keep: keep, w)
            states.append(x)
        }
        let pooled = pooler.map { tanh($0(x.slice(axis: 1, 0..<1).reshaped([batch.batch, config.hiddenSize]), w)) }
        return TextEncoderOutput(hiddenStates: states, pooler: pooled, mask: mask)
    }
}
