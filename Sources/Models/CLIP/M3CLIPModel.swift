import Foundation
public import Tensors

/// 3M-CLIP: an XLM-RoBERTa text tower and a Swin image tower, each followed by a bias-free
/// projection to `projectionDim` and L2 normalisation, with a learnable logit scale
/// (DESIGN.md §4).
///
/// Tensor names: `text_model.<HF XLM-R names>`, `vision_model.<HF Swin names>`,
/// `text_projection.weight`, `visual_projection.weight`, `logit_scale` (as HF `CLIPModel`).
public final class M3CLIPModel: ParameterContainer {
    public let config: M3CLIPConfig
    public let text: XLMRobertaModel
    public let vision: SwinModel
    public let textProjection: Parameter
    public let visualProjection: Parameter
    /// ln of the logit scale, `[1]`, initialised to ln(1/0.07).
    public let logitScale: Parameter

    /// The largest logit scale allowed: `exp(scale)` is clamped to 100.
    public static let maxLogScale = Float(Foundation.log(100.0))

    /// A randomly initialised model; every tensor comes from `seed`.
    public init(config: M3CLIPConfig, seed: UInt64 = 0) {
        self.config = config
        text = XLMRobertaModel(config: config.text, prefix: "text_model.", seed: seed &+ 1)
        vision = SwinModel(config: config.vision, prefix: "vision_model.", seed: seed &+ 2)
        var rng = TensorRNG(seed: seed &+ 3)
        let d = config.projectionDim
        textProjection = Parameter("text_projection.weight",
                                   Tensor.randn([d, config.text.hiddenSize], std: 1 / Float(config.text.hiddenSize).squareRoot(), rng: &rng))
        visualProjection = Parameter("visual_projection.weight",
                                     Tensor.randn([d, config.vision.numFeatures], std: 1 / Float(config.vision.numFeatures).squareRoot(), rng: &rng))
        logitScale = Parameter("logit_scale", Tensor(shape: [1], values: [Float(Foundation.log(1 / 0.07))]), decay: false)
    }

    public var parameters: [Parameter] {
        text.parameters + vision.parameters + [textProjection, visualProjection, logitScale]
    }

    /// Pooled text features before projection, `[batch, hidden]`.
    public func textFeatures(_ batch: TokenBatch, _ w: Weights = Weights()) -> Tensor {
        config.textPooling(text(batch, w))
    }

    /// Text embeddings `[batch, projectionDim]`, L2-normalised unless `normalize` is false.
    public func encodeText(_ batch: TokenBatch, normalize: Bool = true, _ w: Weights = Weights()) -> Tensor {
        let projected = linear(textFeatures(batch, w), weight: w[textProjection])
        return normalize ? l2Normalize(projected) : projected
    }

    /// Image embeddings `[batch, projectionDim]` from normalised pixels `[batch, 3, S, S]`.
    public func encodeImage(_ pixels: Tensor, normalize: Bool = true, _ w: Weights = Weights()) -> Tensor {
        let projected = linear(vision(pixels, w).pooled, weight: w[visualProjection])
        return normalize ? l2Normalize(projected) : projected
    }

    /// The logit scale actually used: `exp(clamp(logit_scale, 0, ln 100))`, a `[1]` tensor.
    public func scale(_ w: Weights = Weights()) -> Tensor {
        exp(clamp(w[logitScale], min: 0, max: Self.maxLogScale))
    }

    /// `scale · image · textᵀ` for normalised embeddings: `[images, texts]`.
    public func logits(image: Tensor, text: Tensor, _ w: Weights = Weights()) -> Tensor {
        scale(w) * matmul(image, text, transposeB: true)
    }

    /// Clamps the stored logit scale into [0, ln 100] (call after each optimiser step, as
    /// open_clip does).
    public func clampLogitScale() {
        let v = min(max(logitScale.value.item, 0), Self.maxLogScale)
        logitScale.value = Tensor(shape: [1], values: [v])
    }
}
