public import Tensors

/// One Swin block (`encoder.layers.<s>.blocks.<b>.*`): LayerNorm, (shifted) window attention with
/// the relative position bias, residual; LayerNorm, MLP (`intermediate.dense`, activation,
/// `output.dense`), residual.
///
/// Names are those `save_pretrained` writes (`attention.self.query`, …,
/// `attention.self.relative_position_bias_table`), which is also the layout of the published
/// Swin checkpoints.
public struct SwinBlock: ParameterContainer {
    public let normBefore: LayerNormLayer, normAfter: LayerNormLayer
    public let query: Linear, key: Linear, value: Linear, attentionOutput: Linear
    public let relativePositionBiasTable: Parameter
    public let intermediate: Linear, output: Linear
    public let heads: Int, window: Int
    /// The configured shift (half the window on odd blocks, 0 on even ones).
    public let shift: Int
    let activation: Activation
    let relativeIndex: [Int]

    public init(_ prefix: String, dim: Int, heads: Int, shifted: Bool, config: SwinConfig, rng: inout TensorRNG) {
        let eps = config.layerNormEps, w = config.windowSize
        normBefore = LayerNormLayer(prefix + "layernorm_before", dim: dim, eps: eps)
        normAfter = LayerNormLayer(prefix + "layernorm_after", dim: dim, eps: eps)
        query = Linear(prefix + "attention.self.query", input: dim, output: dim, bias: config.qkvBias, rng: &rng)
        key = Linear(prefix + "attention.self.key", input: dim, output: dim, bias: config.qkvBias, rng: &rng)
        value = Linear(prefix + "attention.self.value", input: dim, output: dim, bias: config.qkvBias, rng: &rng)
        attentionOutput = Linear(prefix + "attention.output.dense", input: dim, output: dim, rng: &rng)
        relativePositionBiasTable = Parameter(prefix + "attention.self.relative_position_bias_table",
                                              Tensor.randn([(2 * w - 1) * (2 * w - 1), heads], std: 0.02, rng: &rng))
        let hidden = Int(config.mlpRatio * Float(dim))
        intermediate = Linear(prefix + "intermediate.dense", input: dim, output: hidden, rng: &rng)
        output = Linear(prefix + "output.dense", input: hidden, output: dim, rng: &rng)
        self.heads = heads
        window = w
        shift = shifted ? w / 2 : 0
        activation = Activation(huggingFace: config.hiddenAct) ?? .gelu
        relativeIndex = SwinWindows.relativePositionIndex(window: w)
    }

    public var parameters: [Parameter] {
        normBefore.parameters + [query, key, value].flatMap(\.parameters) + [relativePositionBiasTable]
            + attentionOutput.parameters + normAfter.parameters + intermediate.parameters + output.parameters
    }

    /// `x` is `[batch, height·width, dim]`.
    public func callAsFunction(_ x: Tensor, height: Int, width: Int, _ w: Weights) -> Tensor {
        // HF `set_shift_and_window_size`: a map no larger than the window is one unshifted window.
        var win = window, shift = self.shift
        if min(height, width) <= window { win = min(height, width); shift = 0 }
        precondition(win == window, "SwinBlock: a \(height)×\(width) map is smaller than the \(window)-wide window")
        let (b, c) = (x.shape[0], x.shape[2])
        var h = normBefore(x, w).reshaped([b, height, width, c])
        let padH = (win - height % win) % win, padW = (win - width % win) % win
        if padH > 0 { h = h.padded(axis: 1, before: 0, after: padH) }
        if padW > 0 { h = h.padded(axis: 2, before: 0, after: padW) }
        let (hp, wp) = (height + padH, width + padW)
        if shift > 0 { h = h.rolled(shifts: [-shift, -shift], axes: [1, 2]) }
        let mask = shift > 0 ? SwinWindows.shiftMask(height: hp, width: wp, window: win, shift: shift) : nil
        let windows = attention(SwinWindows.partition(h, window: win), mask: mask, w)
        var merged = SwinWindows.reverse(windows, window: win, batch: b, height: hp, width: wp)
        if shift > 0 { merged = merged.rolled(shifts: [shift, shift], axes: [1, 2]) }
        if padH > 0 { merged = merged.slice(axis: 1, 0..<height) }
        if padW > 0 { merged = merged.slice(axis: 2, 0..<width) }
        let y = x + merged.reshaped([b, height * width, c])
        return y + output(activation(intermediate(normAfter(y, w), w)), w)
    }

    /// Multi-head attention inside each window: `[windows, n, dim]` → same.
    func attention(_ x: Tensor, mask: Tensor?, _ w: Weights) -> Tensor {
        let (nwb, n, c) = (x.shape[0], x.shape[1], x.shape[2])
        let d = c / heads
        func split(_ t: Tensor) -> Tensor { t.reshaped([nwb, n, heads, d]).permuted([0, 2, 1, 3]) }
        let q = split(query(x, w)), k = split(key(x, w)), v = split(value(x, w))
        let bias = gather(w[relativePositionBiasTable], axis: 0, indices: relativeIndex)
            .reshaped([n, n, heads]).permuted([2, 0, 1]) // [heads, n, n]
        var scores = matmul(q, k, transposeB: true) * (1 / Float(d).squareRoot()) + bias
        if let mask {
            let nW = mask.shape[0]
            scores = (scores.reshaped([nwb / nW, nW, heads, n, n]) + mask.reshaped([nW, 1, n, n]))
                .reshaped([nwb, heads, n, n])
        }
        let context = matmul(softmax(scores), v).permuted([0, 2, 1, 3]).reshaped([nwb, n, c])
        return attentionOutput(context, w)
    }
}
