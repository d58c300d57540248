public import Tensors

/// What the image encoder returns for a batch.
public struct ImageEncoderOutput {
    /// The patch embeddings and each stage's output (after its patch merging), `[batch, tokens, C]`
    /// (HF `hidden_states`).
    public let hiddenStates: [Tensor]
    /// The final LayerNorm's output, `[batch, tokens, numFeatures]` (HF `last_hidden_state`).
    public let lastHiddenState: Tensor
    /// The mean over tokens of `lastHiddenState`, `[batch, numFeatures]` (HF `pooler_output`).
    public let pooled: Tensor
}

/// The Swin Transformer image encoder with Hugging Face `SwinModel` semantics and tensor names
/// (`embeddings.patch_embeddings.projection`, `embeddings.norm`, `encoder.layers.<s>.blocks.<b>`,
/// `encoder.layers.<s>.downsample`, `layernorm`), under an optional prefix such as `vision_model.`.
public final class SwinModel: ParameterContainer {
    public let config: SwinConfig
    public let prefix: String
    /// The patch embedding convolution, `[embedDim, channels, patch, patch]` (stride = patch).
    public let patchProjection: Parameter, patchBias: Parameter
    public let embeddingNorm: LayerNormLayer
    public let stages: [[SwinBlock]]
    public let downsamples: [SwinPatchMerging]
    public let finalNorm: LayerNormLayer

    /// A randomly initialised encoder (N(0, 0.02²) weights).
    public init(config: SwinConfig, prefix: String = "", seed: UInt64 = 0) {
        self.config = config
        self.prefix = prefix
        var rng = TensorRNG(seed: seed)
        let (e, p) = (config.embedDim, config.patchSize)
        patchProjection = Parameter(prefix + "embeddings.patch_embeddings.projection.weight",
                                    Tensor.randn([e, config.numChannels, p, p], std: 0.02, rng: &rng))
        patchBias = Parameter(prefix + "embeddings.patch_embeddings.projection.bias", Tensor.zeros([e]))
        embeddingNorm = LayerNormLayer(prefix + "embeddings.norm", dim: e, eps: config.layerNormEps)
        var stages: [[SwinBlock]] = [], downsamples: [SwinPatchMerging] = []
        for (s, depth) in config.depths.enumerated() {
            let dim = e << s
            stages.append((0..<depth).map { i in
                SwinBlock(prefix + "encoder.layers.\(s).blocks.\(i).", dim: dim, heads: config.numHeads[s],
                          shifted: i % 2 == 1, config: config, rng: &rng)
            })
            if s < config.depths.count - 1 {
                downsamples.append(SwinPatchMerging(prefix + "encoder.layers.\(s).downsample.", dim: dim,
                                                    eps: config.layerNormEps, rng: &rng))
            }
        }
        self.stages = stages
        self.downsamples = downsamples
        finalNorm = LayerNormLayer(prefix + "layernorm", dim: config.numFeatures, eps: config.layerNormEps)
    }

    public var parameters: [Parameter] {
        var all = [patchProjection, patchBias] + embeddingNorm.parameters
        for (s, blocks) in stages.enumerated() {
            all += blocks.flatMap(\.parameters)
            if s < downsamples.count { all += downsamples[s].parameters }
        }
        return all + finalNorm.parameters
    }

    /// Runs the encoder on normalised pixels `[batch, channels, height, width]`.
    public func callAsFunction(_ pixels: Tensor, _ w: Weights = Weights()) -> ImageEncoderOutput {
        let (b, ch, ih, iw) = (pixels.shape[0], pixels.shape[1], pixels.shape[2], pixels.shape[3])
        let p = config.patchSize
        precondition(ch == config.numChannels && ih % p == 0 && iw % p == 0,
                     "SwinModel: pixels \(pixels.shape) must be [batch, \(config.numChannels), H, W] with H, W multiples of \(p)")
        var (h, wd) = (ih / p, iw / p)
        // The stride-p convolution as a matrix product over flattened (channel, dy, dx) patches.
        let patches = pixels.reshaped([b, ch, h, p, wd, p]).permuted([0, 2, 4, 1, 3, 5]).reshaped([b, h * wd, ch * p * p])
        let kernel = w[patchProjection].reshaped([config.embedDim, ch * p * p])
        var x = embeddingNorm(linear(patches, weight: kernel, bias: w[patchBias]), w)
        var states = [x]
        for (s, blocks) in stages.enumerated() {
            for block in blocks { x = block(x, height: h, width: wd, w) }
            if s < downsamples.count {
                x = downsamples[s](x, height: h, width: wd, w)
                (h, wd) = ((h + 1) / 2, (wd + 1) / 2)
            }
            states.append(x)
        }
        let last = finalNorm(x, w)
        return ImageEncoderOutput(hiddenStates: states, lastHiddenState: last, pooled: mean(last, axes: [1]))
    }
}
