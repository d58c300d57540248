public import Foundation
import Tensors

/// A text encoder with its masked-language-model head, as `m3clip pretrain-text` writes it and
/// `m3clip train --text-from` reads it: Hugging Face's `XLMRobertaForMaskedLM` folder layout —
/// `config.json` (`architectures: ["XLMRobertaForMaskedLM"]`), `model.safetensors` with
/// `roberta.*` and `lm_head.*` (the decoder tied to the word embeddings, stored once), and
/// `tokenizer.json` when the tokenizer is XLM-R's (a byte-tokenizer model says
/// `"m3clip_tokenizer": "bytes"` in its config instead). HF loads the weights with
/// `XLMRobertaForMaskedLM.from_pretrained(folder)`; an HF MLM folder loads here.
///
/// A plain encoder folder (no `lm_head.*`, e.g. `xlm-roberta-base`'s encoder weights alone)
/// loads too, with a fresh head.
public struct TextEncoderCheckpoint {
    public let model: XLMRobertaMaskedLM
    public let tokenizer: any TextTokenizer

    public init(model: XLMRobertaMaskedLM, tokenizer: any TextTokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    struct TokenizerProbe: Decodable {
        let kind: String?
        enum CodingKeys: String, CodingKey { case kind = "m3clip_tokenizer" }
    }

    public static func load(from folder: URL, seed: UInt64 = 0) throws(CheckpointError) -> TextEncoderCheckpoint {
        let config: XLMRobertaConfig = try readJSON(folder.appendingPathComponent("config.json"))
        try config.validate()
        let probe: TokenizerProbe = try readJSON(folder.appendingPathComponent("config.json"))
        let tokenizer: any TextTokenizer
        if probe.kind == "bytes" {
            tokenizer = ByteTokenizer()
        } else {
            tokenizer = try HuggingFaceTokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        }
        guard tokenizer.vocabularySize <= config.vocabSize else {
            throw CheckpointError("the tokenizer has \(tokenizer.vocabularySize) ids, the encoder only \(config.vocabSize)")
        }
        let model = XLMRobertaMaskedLM(config: config, seed: seed)
        var tensors = try readTensors(folder.appendingPathComponent("model.safetensors"))
        // Tied copies some exports keep: the decoder is the word-embedding table, its bias lm_head.bias.
        if tensors["roberta.embeddings.word_embeddings.weight"] == nil, let tied = tensors["lm_head.decoder.weight"] {
            tensors["roberta.embeddings.word_embeddings.weight"] = tied
        }
        if tensors["lm_head.bias"] == nil, let bias = tensors["lm_head.decoder.bias"] { tensors["lm_head.bias"] = bias }
        // Encoder names without the task prefix (a bare XLMRobertaModel folder).
        for (name, tensor) in tensors where !name.hasPrefix("roberta.") && !name.hasPrefix("lm_head.") {
            tensors["roberta." + name] = tensors["roberta." + name] ?? tensor
        }
        try model.encoder.load(tensors)
        if model.head.parameters.allSatisfy({ tensors[$0.name] != nil }) { try model.head.load(tensors) }
        return TextEncoderCheckpoint(model: model, tokenizer: tokenizer)
    }

    /// Writes the folder (replacing an existing one's files).
    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configData = try JSONEncoder().encode(model.encoder.config)
        var config = try JSONSerialization.jsonObject(with: configData) as? [String: Any] ?? [:]
        config["architectures"] = ["XLMRobertaForMaskedLM"]
        config["tie_word_embeddings"] = true
        if let hf = tokenizer as? HuggingFaceTokenizer {
            try hf.json.write(to: folder.appendingPathComponent("tokenizer.json"), options: .atomic)
        } else {
            config["m3clip_tokenizer"] = "bytes"
        }
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
            .write(to: folder.appendingPathComponent("config.json"), options: .atomic)
        try SafeTensors.write(Dictionary(uniqueKeysWithValues: model.stateDict), metadata: ["format": "pt"],
                              to: folder.appendingPathComponent("model.safetensors"))
    }

    /// Copies the encoder's weights into `clip`'s text encoder, which must have the same sizes.
    public func transplant(into clip: M3CLIPModel) throws(CheckpointError) {
        guard clip.text.config == model.encoder.config else {
            throw CheckpointError("the pre-trained text encoder (hidden \(model.encoder.config.hiddenSize), \(model.encoder.config.numHiddenLayers) layers, "
                + "vocabulary \(model.encoder.config.vocabSize)) does not match the model's (hidden \(clip.text.config.hiddenSize), "
                + "\(clip.text.config.numHiddenLayers) layers, vocabulary \(clip.text.config.vocabSize))")
        }
        var tensors: [String: Tensor] = [:]
        for parameter in model.encoder.parameters {
            tensors[clip.text.prefix + parameter.name.dropFirst(model.encoder.prefix.count)] = parameter.value
        }
        // The contrastive model's pooler (if any) is not part of MLM pre-training: it keeps its own.
        for parameter in clip.text.parameters where tensors[parameter.name] == nil { tensors[parameter.name] = parameter.value }
        try clip.text.load(tensors)
    }
}
