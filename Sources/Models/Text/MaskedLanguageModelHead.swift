public import Tensors

/// XLM-R's masked-language-model head with Hugging Face's names (`lm_head.dense`,
/// `lm_head.layer_norm`, `lm_head.bias`): dense → exact GELU → LayerNorm → the decoder, whose
/// weight is the encoder's word-embedding table (tied, as `XLMRobertaForMaskedLM` ties
/// `lm_head.decoder.weight`; `save_pretrained` writes it once, under the embeddings' name), plus
/// a per-token bias.
public struct MaskedLanguageModelHead: ParameterContainer {
    public let dense: Linear
    public let layerNorm: LayerNormLayer
    public let bias: Parameter

    /// Initialised like HF: N(0, 0.02²) dense weights, zero biases, unit LayerNorm.
    public init(prefix: String = "", config: XLMRobertaConfig, rng: inout TensorRNG) {
        dense = Linear(prefix + "lm_head.dense", input: config.hiddenSize, output: config.hiddenSize, rng: &rng)
        layerNorm = LayerNormLayer(prefix + "lm_head.layer_norm", dim: config.hiddenSize, eps: config.layerNormEps)
        bias = Parameter(prefix + "lm_head.bias", Tensor.zeros([config.vocabSize]))
    }

    public var parameters: [Parameter] { dense.parameters + layerNorm.parameters + [bias] }

    /// Logits `[rows, vocab]` for hidden states `[rows, hidden]`, decoding with `wordEmbeddings`
    /// (`[vocab, hidden]`).
    public func callAsFunction(_ hidden: Tensor, wordEmbeddings: Tensor, _ w: Weights) -> Tensor {
        let transformed = layerNorm(gelu(dense(hidden, w)), w)
        return linear(transformed, weight: wordEmbeddings, bias: w[bias])
    }
}
