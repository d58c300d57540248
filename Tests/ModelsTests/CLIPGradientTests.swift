import Foundation
import Models
import Tensors
import Testing

/// The whole model (both encoders, projections, logit scale) and the MedCLIP semantic-matching
/// loss: embeddings, logits, loss and every parameter's gradient against PyTorch.
@Suite struct CLIPGradientTests {
    static func model() throws -> M3CLIPModel {
        var config = M3CLIPConfig(text: Fixtures.textConfig, vision: Fixtures.visionConfig, tokenizer: .huggingFace, maxTextLength: 16)
        config.textPooling = .medclip
        let m = M3CLIPModel(config: config)
        try m.load(Fixtures.clip)
        return m
    }

    /// ½(CE(soft, Z) + CE(softᵀ, Zᵀ)), as in the fixture script.
    static func loss(_ logits: Tensor, _ soft: Tensor) -> Tensor {
        (crossEntropy(logits, targets: soft) + crossEntropy(logits.transposed(), targets: soft.transposed())) * 0.5
    }

    @Test func forwardMatchesPyTorch() throws {
        let m = try Self.model()
        let t = m.encodeText(Fixtures.tokens), v = m.encodeImage(Fixtures.clip["input.pixels"]!)
        expectClose(t, Fixtures.clip["expected.text_embeds"]!, 1e-4, "text embeddings")
        expectClose(v, Fixtures.clip["expected.image_embeds"]!, 1e-4, "image embeddings")
        let logits = m.logits(image: v, text: t)
        expectClose(logits, Fixtures.clip["expected.logits"]!, 1e-4, "logits")
        let loss = Self.loss(logits, Fixtures.clip["input.soft_targets"]!)
        expectClose(loss.reshaped([1]), Fixtures.clip["expected.loss"]!, 1e-4, "loss")
    }

    @Test func gradientsMatchPyTorch() throws {
        let m = try Self.model()
        let tape = Tape()
        let w = Weights(tape: tape)
        let t = m.encodeText(Fixtures.tokens, w), v = m.encodeImage(Fixtures.clip["input.pixels"]!, w)
        tape.backward(Self.loss(m.logits(image: v, text: t, w), Fixtures.clip["input.soft_targets"]!))
        expectGradientsMatch(m.parameters, Fixtures.clip)
    }

    @Test func logitScaleIsClamped() throws {
        let m = M3CLIPModel(config: ModelPresetsTests.small)
        #expect(abs(m.scale().item - 1 / 0.07) < 1e-3)
        m.logitScale.value = Tensor(shape: [1], values: [9])
        #expect(abs(m.scale().item - 100) < 1e-3)
        m.clampLogitScale()
        #expect(abs(m.logitScale.value.item - Float(Foundation.log(100.0))) < 1e-6)
        m.logitScale.value = Tensor(shape: [1], values: [-3])
        #expect(abs(m.scale().item - 1) < 1e-6)
    }
}
