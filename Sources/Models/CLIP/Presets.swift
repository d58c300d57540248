/// Named model sizes (STYLE.md §7: a preset lists only what differs from the defaults).
public enum ModelPreset: String, CaseIterable, Sendable {
    /// The CPU default: byte tokenizer (texts up to 96 tokens), XLM-R hidden 192 × 3 layers ×
    /// 3 heads (FFN 768), Swin 64 px, embed 48, depths 2-2-2, heads 3-6-12, window 4 (shifted
    /// windows in the first two stages). One training step of both encoders at batch 32 (64
    /// tokens) takes about half a second on one core of the development host; the first
    /// sketch (hidden 256 × 4 layers, 128 px) measured 2.4 s there, in Swift and PyTorch alike.
    case tiny
    /// The smallest model that trains end to end in seconds, for smoke runs and tests: byte
    /// tokenizer (texts up to 48 tokens), XLM-R hidden 32 × 1 layer × 2 heads, Swin 32 px, embed 8,
    /// one stage of depth 2 with 2 heads, window 4, projection to 64. Not for real use.
    case micro
    /// The paper's sizes: XLM-RoBERTa base (hidden 768, 12 layers, 12 heads, FFN 3072, vocabulary
    /// 250,002; XLM-R's own `tokenizer.json`) and Swin-T (224 px, embed 96, depths 2-2-6-2,
    /// heads 3-6-12-24, window 7).
    case base

    public var config: M3CLIPConfig {
        switch self {
        case .tiny:
            let text = XLMRobertaConfig(vocabSize: ByteTokenizer.vocabularySize, hiddenSize: 192, layers: 3, heads: 3,
                                        intermediateSize: 768, maxPositionEmbeddings: 98)
            let vision = SwinConfig(imageSize: 64, embedDim: 48, depths: [2, 2, 2], heads: [3, 6, 12], windowSize: 4)
            return M3CLIPConfig(text: text, vision: vision, tokenizer: .bytes, maxTextLength: 96)
        case .micro:
            let text = XLMRobertaConfig(vocabSize: ByteTokenizer.vocabularySize, hiddenSize: 32, layers: 1, heads: 2,
                                        intermediateSize: 64, maxPositionEmbeddings: 50)
            let vision = SwinConfig(imageSize: 32, embedDim: 8, depths: [2], heads: [2], windowSize: 4)
            var config = M3CLIPConfig(text: text, vision: vision, tokenizer: .bytes, maxTextLength: 48)
            config.projectionDim = 64
            return config
        case .base:
            return M3CLIPConfig(text: XLMRobertaConfig(), vision: SwinConfig(), tokenizer: .huggingFace, maxTextLength: 512)
        }
    }
}
