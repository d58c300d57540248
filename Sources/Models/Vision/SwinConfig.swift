/// A Swin Transformer's sizes, read from and written to a Hugging Face `config.json`
/// (`model_type: "swin"`). Missing keys take HF's defaults (Swin-T, 224 px).
public struct SwinConfig: Codable, Sendable, Equatable {
    public var imageSize = 224
    public var patchSize = 4
    public var numChannels = 3
    public var embedDim = 96
    public var depths = [2, 2, 6, 2]
    public var numHeads = [3, 6, 12, 24]
    public var windowSize = 7
    public var mlpRatio: Float = 4
    public var qkvBias = true
    public var layerNormEps: Float = 1e-5
    public var hiddenAct = "gelu"
    public var useAbsoluteEmbeddings = false

    /// Swin-T (the paper's image encoder).
    public init() {}

    /// A config with the given sizes and HF's defaults for the rest.
    public init(imageSize: Int, embedDim: Int, depths: [Int], heads: [Int], windowSize: Int, mlpRatio: Float = 4) {
        self.imageSize = imageSize
        self.embedDim = embedDim
        self.depths = depths
        numHeads = heads
        self.windowSize = windowSize
        self.mlpRatio = mlpRatio
    }

    /// Channels after the last stage (HF's `hidden_size`).
    public var numFeatures: Int { embedDim << (depths.count - 1) }

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type", hiddenSize = "hidden_size", numLayers = "num_layers"
        case imageSize = "image_size", patchSize = "patch_size", numChannels = "num_channels", embedDim = "embed_dim"
        case depths, numHeads = "num_heads", windowSize = "window_size", mlpRatio = "mlp_ratio", qkvBias = "qkv_bias"
        case layerNormEps = "layer_norm_eps", hiddenAct = "hidden_act", useAbsoluteEmbeddings = "use_absolute_embeddings"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SwinConfig()
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize) ?? d.imageSize
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? d.patchSize
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? d.numChannels
        embedDim = try c.decodeIfPresent(Int.self, forKey: .embedDim) ?? d.embedDim
        depths = try c.decodeIfPresent([Int].self, forKey: .depths) ?? d.depths
        numHeads = try c.decodeIfPresent([Int].self, forKey: .numHeads) ?? d.numHeads
        windowSize = try c.decodeIfPresent(Int.self, forKey: .windowSize) ?? d.windowSize
        mlpRatio = try c.decodeIfPresent(Float.self, forKey: .mlpRatio) ?? d.mlpRatio
        qkvBias = try c.decodeIfPresent(Bool.self, forKey: .qkvBias) ?? d.qkvBias
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? d.hiddenAct
        useAbsoluteEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .useAbsoluteEmbeddings) ?? d.useAbsoluteEmbeddings
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("swin", forKey: .modelType)
        try c.encode(imageSize, forKey: .imageSize)
        try c.encode(patchSize, forKey: .patchSize)
        try c.encode(numChannels, forKey: .numChannels)
        try c.encode(embedDim, forKey: .embedDim)
        try c.encode(depths, forKey: .depths)
        try c.encode(numHeads, forKey: .numHeads)
        try c.encode(depths.count, forKey: .numLayers)
        try c.encode(numFeatures, forKey: .hiddenSize)
        try c.encode(windowSize, forKey: .windowSize)
        try c.encode(mlpRatio, forKey: .mlpRatio)
        try c.encode(qkvBias, forKey: .qkvBias)
        try c.encode(layerNormEps, forKey: .layerNormEps)
        try c.encode(hiddenAct, forKey: .hiddenAct)
        try c.encode(useAbsoluteEmbeddings, forKey: .useAbsoluteEmbeddings)
    }

    /// Checks the sizes fit together; throws a message naming the key.
    public func validate() throws(CheckpointError) {
        guard !depths.isEmpty, depths.count == numHeads.count else {
            throw CheckpointError("swin: depths \(depths) and num_heads \(numHeads) must have the same length")
        }
        for (i, h) in numHeads.enumerated() where h <= 0 || (embedDim << i) % h != 0 {
            throw CheckpointError("swin: stage \(i) width \(embedDim << i) is not a multiple of its \(h) heads")
        }
        guard patchSize > 0, imageSize % patchSize == 0 else {
            throw CheckpointError("swin: image_size \(imageSize) is not a multiple of patch_size \(patchSize)")
        }
        guard !useAbsoluteEmbeddings else { throw CheckpointError("swin: use_absolute_embeddings is not supported") }
        guard Activation(huggingFace: hiddenAct) != nil else {
            throw CheckpointError("swin: hidden_act \"\(hiddenAct)\" is not supported (gelu, gelu_new, relu)")
        }
    }
}
