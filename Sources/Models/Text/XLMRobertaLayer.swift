public import Tensors

/// One post-LayerNorm transformer block of XLM-RoBERTa (`encoder.layer.<i>.*`): self-attention
/// with the padding mask, `attention.output` (dense, residual, LayerNorm), `intermediate` (dense,
/// activation) and `output` (dense, residual, LayerNorm).
public struct XLMRobertaLayer: ParameterContainer {
    public let query: Linear, key: Linear, value: Linear
    public let attentionOutput: Linear, attentionNorm: LayerNormLayer
    public let intermediate: Linear, output: Linear, outputNorm: LayerNormLayer
    public let heads: Int
    let activation: Activation

    public init(_ prefix: String, config: XLMRobertaConfig, rng: inout TensorRNG) {
        let h = config.hiddenSize, f = config.intermediateSize
        query = Linear(prefix + "attention.self.query", input: h, output: h, rng: &rng)
        key = Linear(prefix + "attention.self.key", input: h, output: h, rng: &rng)
        value = Linear(prefix + "attention.self.value", input: h, output: h, rng: &rng)
        attentionOutput = Linear(prefix + "attention.output.dense", input: h, output: h, rng: &rng)
        attentionNorm = LayerNormLayer(prefix + "attention.output.LayerNorm", dim: h, eps: config.layerNormEps)
        intermediate = Linear(prefix + "intermediate.dense", input: h, output: f, rng: &rng)
        output = Linear(prefix + "output.dense", input: f, output: h, rng: &rng)
        outputNorm = LayerNormLayer(prefix + "output.LayerNorm", dim: h, eps: config.layerNormEps)
        heads = config.numAttentionHeads
        activation = Activation(huggingFace: config.hiddenAct) ?? .gelu
    }

    public var parameters: [Parameter] {
        [query, key, value, attentionOutput].flatMap(\.parameters) + attentionNorm.parameters
            + intermediate.parameters + output.parameters + outputNorm.parameters
    }

    /// `x` is `[batch, length, hidden]`; `keep` is the `[batch, 1, 1, length]` key mask.
    public func callAsFunction(_ x: Tensor, keep: Tensor, _ w: Weights) -> Tensor {
        let (b, l, h) = (x.shape[0], x.shape[1], x.shape[2])
        let d = h / heads
        func split(_ t: Tensor) -> Tensor { t.reshaped([b, l, heads, d]).permuted([0, 2, 1, 3]) }
        let q = split(query(x, w)), k = split(key(x, w)), v = split(value(x, w))
        let scores = matmul(q, k, transposeB: true) * (1 / Float(d).squareRoot())
        let context = matmul(softmax(scores, mask: keep), v).permuted([0, 2, 1, 3]).reshaped([b, l, h])
        let attended = attentionNorm(attentionOutput(context, w) + x, w)
        return outputNorm(output(activation(intermediate(attended, w)), w) + attended, w)
    }
}
