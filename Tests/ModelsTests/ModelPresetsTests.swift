import Models
import Tensors
import Testing

@Suite struct ModelPresetsTests {
    /// A small model for tests that need a whole M3CLIPModel but no reference.
    static var small: M3CLIPConfig {
        M3CLIPConfig(text: XLMRobertaConfig(vocabSize: ByteTokenizer.vocabularySize, hiddenSize: 16, layers: 2, heads: 2,
                                            intermediateSize: 32, maxPositionEmbeddings: 40),
                     vision: SwinConfig(imageSize: 32, embedDim: 8, depths: [2, 2], heads: [2, 4], windowSize: 4),
                     tokenizer: .bytes, maxTextLength: 32)
    }

    @Test func presetsHaveThePaperSizes() throws {
        let base = ModelPreset.base.config
        #expect(base.text.hiddenSize == 768 && base.text.numHiddenLayers == 12 && base.text.numAttentionHeads == 12)
        #expect(base.text.intermediateSize == 3072 && base.text.vocabSize == 250_002)
        #expect(base.vision.imageSize == 224 && base.vision.embedDim == 96 && base.vision.depths == [2, 2, 6, 2])
        #expect(base.vision.numHeads == [3, 6, 12, 24] && base.vision.windowSize == 7 && base.vision.numFeatures == 768)
        #expect(base.projectionDim == 512)
        for preset in ModelPreset.allCases { try preset.config.validate() }
        let tiny = ModelPreset.tiny.config
        #expect(tiny.tokenizer == .bytes && tiny.vision.imageSize == 64 && tiny.text.hiddenSize == 192 && tiny.maxTextLength == 96)
    }

    @Test func smallModelEmbedsUnitVectors() {
        let m = M3CLIPModel(config: Self.small, seed: 3)
        let batch = ByteTokenizer().batch(["Heart size normal.", "Légère cardiomégalie"], maxLength: 32)
        let t = m.encodeText(batch)
        #expect(t.shape == [2, 512])
        for r in 0..<2 { #expect(abs(t.slice(axis: 0, r..<(r + 1)).scalars.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4) }
        let v = m.encodeImage(Tensor.zeros([1, 3, 32, 32]))
        #expect(v.shape == [1, 512])
    }
}
