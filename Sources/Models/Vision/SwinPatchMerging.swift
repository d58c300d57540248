public import Tensors

/// Swin patch merging (`encoder.layers.<s>.downsample.*`): the 2×2 neighbours concatenated along
/// channels in HF's order (x0 = (even, even), x1 = (odd row, even col), x2 = (even, odd),
/// x3 = (odd, odd)), LayerNorm over 4C, then a bias-free linear 4C → 2C.
public struct SwinPatchMerging: ParameterContainer {
    public let norm: LayerNormLayer
    public let reduction: Linear

    public init(_ prefix: String, dim: Int, eps: Float, rng: inout TensorRNG) {
        norm = LayerNormLayer(prefix + "norm", dim: 4 * dim, eps: eps)
        reduction = Linear(prefix + "reduction", input: 4 * dim, output: 2 * dim, bias: false, rng: &rng)
    }

    public var parameters: [Parameter] { norm.parameters + reduction.parameters }

    /// `[batch, height·width, C]` → `[batch, ⌈height/2⌉·⌈width/2⌉, 2C]`.
    public func callAsFunction(_ x: Tensor, height: Int, width: Int, _ w: Weights) -> Tensor {
        let (b, c) = (x.shape[0], x.shape[2])
        var h = x.reshaped([b, height, width, c])
        if height % 2 == 1 { h = h.padded(axis: 1, before: 0, after: 1) }
        if width % 2 == 1 { h = h.padded(axis: 2, before: 0, after: 1) }
        let (h2, w2) = ((height + 1) / 2, (width + 1) / 2)
        // [b, h2, dy, w2, dx, c] → [b, h2, w2, dx, dy, c]: channel block k = 2·dx + dy.
        let merged = h.reshaped([b, h2, 2, w2, 2, c]).permuted([0, 1, 3, 4, 2, 5]).reshaped([b, h2 * w2, 4 * c])
        return reduction(norm(merged, w), w)
    }
}
