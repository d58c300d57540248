/// An XLM-RoBERTa encoder's sizes, read from and written to a Hugging Face `config.json`
/// (`model_type: "xlm-roberta"`). Missing keys take HF's defaults.
public struct XLMRobertaConfig: Codable, Sendable, Equatable {
    public var vocabSize = 250_002
    public var hiddenSize = 768
    public var numHiddenLayers = 12
    public var numAttentionHeads = 12
    public var intermediateSize = 3072
    public var maxPositionEmbeddings = 514
    public var typeVocabSize = 1
    public var padTokenID = 1
    public var bosTokenID = 0
    public var eosTokenID = 2
    public var layerNormEps: Float = 1e-5
    public var hiddenAct = "gelu"

    /// XLM-RoBERTa base (the paper's text encoder).
    public init() {}

    /// A config with the given sizes and HF's defaults for the rest.
    public init(vocabSize: Int, hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int,
                maxPositionEmbeddings: Int = 514) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        numHiddenLayers = layers
        numAttentionHeads = heads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
    }

    /// Longest token sequence the position table allows (positions start after the padding index).
    public var maxSequenceLength: Int { maxPositionEmbeddings - padTokenID - 1 }

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings", typeVocabSize = "type_vocab_size"
        case padTokenID = "pad_token_id", bosTokenID = "bos_token_id", eosTokenID = "eos_token_id"
        case layerNormEps = "layer_norm_eps", hiddenAct = "hidden_act"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = XLMRobertaConfig()
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? d.vocabSize
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? d.maxPositionEmbeddings
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? d.typeVocabSize
        padTokenID = try c.decodeIfPresent(Int.self, forKey: .padTokenID) ?? d.padTokenID
        bosTokenID = try c.decodeIfPresent(Int.self, forKey: .bosTokenID) ?? d.bosTokenID
        eosTokenID = try c.decodeIfPresent(Int.self, forKey: .eosTokenID) ?? d.eosTokenID
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? d.hiddenAct
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("xlm-roberta", forKey: .modelType)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        try c.encode(typeVocabSize, forKey: .typeVocabSize)
        try c.encode(padTokenID, forKey: .padTokenID)
        try c.encode(bosTokenID, forKey: .bosTokenID)
        try c.encode(eosTokenID, forKey: .eosTokenID)
        try c.encode(layerNormEps, forKey: .layerNormEps)
        try c.encode(hiddenAct, forKey: .hiddenAct)
    }

    /// Checks the sizes fit together; throws a message naming the key.
    public func validate() throws(CheckpointError) {
        guard hiddenSize > 0, numAttentionHeads > 0, hiddenSize % numAttentionHeads == 0 else {
            throw CheckpointError("xlm-roberta: hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        guard numHiddenLayers >= 1, vocabSize > padTokenID, maxPositionEmbeddings > padTokenID + 1 else {
            throw CheckpointError("xlm-roberta: bad sizes (layers \(numHiddenLayers), vocab \(vocabSize), positions \(maxPositionEmbeddings))")
        }
        guard Activation(huggingFace: hiddenAct) != nil else {
            throw CheckpointError("xlm-roberta: hidden_act \"\(hiddenAct)\" is not supported (gelu, gelu_new, relu)")
        }
    }
}
