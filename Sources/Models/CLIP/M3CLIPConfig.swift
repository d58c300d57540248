/// The whole model's configuration: both encoders, the projection width, the text pooling and
/// which tokenizer the checkpoint carries. Stored as a checkpoint's `config.json`
/// (`model_type: "m3clip"`, with HF-style `text_config` and `vision_config`).
public struct M3CLIPConfig: Codable, Sendable, Equatable {
    /// Which tokenizer a checkpoint uses.
    public enum TokenizerKind: String, Codable, Sendable {
        /// ``ByteTokenizer``: UTF-8 bytes plus specials; needs no file.
        case bytes
        /// A Hugging Face `tokenizer.json` (Unigram + Metaspace, as XLM-R's) stored in the folder.
        case huggingFace = "tokenizer.json"
    }

    public var text: XLMRobertaConfig
    public var vision: SwinConfig
    public var projectionDim = 512
    public var textPooling = TextPooling.medclip
    public var tokenizer = TokenizerKind.bytes
    /// Longest tokenised text fed to the encoder (specials included).
    public var maxTextLength = 128
    /// Grey-level normalisation (MedCLIP's mean and std over chest X-rays).
    public var imageMean: Float = 0.5862785803043838
    public var imageStd: Float = 0.27950088968644304

    public init(text: XLMRobertaConfig, vision: SwinConfig, tokenizer: TokenizerKind = .bytes, maxTextLength: Int = 128) {
        self.text = text
        self.vision = vision
        self.tokenizer = tokenizer
        self.maxTextLength = maxTextLength
    }

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type", text = "text_config", vision = "vision_config"
        case projectionDim = "projection_dim", textPooling = "text_pooling", tokenizer, maxTextLength = "max_text_length"
        case imageMean = "image_mean", imageStd = "image_std"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(XLMRobertaConfig.self, forKey: .text)
        vision = try c.decode(SwinConfig.self, forKey: .vision)
        projectionDim = try c.decodeIfPresent(Int.self, forKey: .projectionDim) ?? 512
        textPooling = try c.decodeIfPresent(TextPooling.self, forKey: .textPooling) ?? .medclip
        tokenizer = try c.decodeIfPresent(TokenizerKind.self, forKey: .tokenizer) ?? .bytes
        maxTextLength = try c.decodeIfPresent(Int.self, forKey: .maxTextLength) ?? 128
        imageMean = try c.decodeIfPresent(Float.self, forKey: .imageMean) ?? 0.5862785803043838
        imageStd = try c.decodeIfPresent(Float.self, forKey: .imageStd) ?? 0.27950088968644304
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("m3clip", forKey: .modelType)
        try c.encode(text, forKey: .text)
        try c.encode(vision, forKey: .vision)
        try c.encode(projectionDim, forKey: .projectionDim)
        try c.encode(textPooling, forKey: .textPooling)
        try c.encode(tokenizer, forKey: .tokenizer)
        try c.encode(maxTextLength, forKey: .maxTextLength)
        try c.encode(imageMean, forKey: .imageMean)
        try c.encode(imageStd, forKey: .imageStd)
    }

    public func validate() throws(CheckpointError) {
        try text.validate()
        try vision.validate()
        guard projectionDim > 0 else { throw CheckpointError("m3clip: projection_dim must be positive") }
        guard maxTextLength >= 2, maxTextLength <= text.maxSequenceLength else {
            throw CheckpointError("m3clip: max_text_length \(maxTextLength) outside 2…\(text.maxSequenceLength)")
        }
        if tokenizer == .bytes && text.vocabSize < ByteTokenizer.vocabularySize {
            throw CheckpointError("m3clip: the byte tokenizer needs vocab_size ≥ \(ByteTokenizer.vocabularySize), got \(text.vocabSize)")
        }
    }
}
