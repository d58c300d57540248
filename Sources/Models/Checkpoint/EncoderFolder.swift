public import Foundation
import Tensors

/// A plain Hugging Face encoder folder (`config.json`, `model.safetensors`, and for text a
/// `tokenizer.json`), as `save_pretrained` writes it, so any published XLM-R or Swin checkpoint
/// can be run and checked against PyTorch.
public enum EncoderFolder {
    case text(XLMRobertaModel, HuggingFaceTokenizer)
    case image(SwinModel)

    /// Reads the folder, choosing the encoder from `config.json`'s `model_type`.
    ///
    /// Tensor names may carry a task model's prefix (`roberta.`, `swin.`) and Swin names may use
    /// transformers 5's in-memory spelling (`attention.q_proj`, `mlp.fc1`, …); both are mapped
    /// to the on-disk names. Tensors no encoder uses (heads, `relative_position_index`) are ignored.
    public static func load(from folder: URL) throws(CheckpointError) -> EncoderFolder {
        let probe: ModelTypeProbe = try readJSON(folder.appendingPathComponent("config.json"))
        let tensors = try readTensors(folder.appendingPathComponent("model.safetensors"))
        switch probe.modelType {
        case "xlm-roberta", "roberta":
            let config: XLMRobertaConfig = try readJSON(folder.appendingPathComponent("config.json"))
            try config.validate()
            let named = canonical(tensors, prefixes: ["roberta.", "xlm_roberta.", "model."], renames: [])
            let model = XLMRobertaModel(config: config, pooler: named["pooler.dense.weight"] != nil)
            try model.load(named)
            let tokenizer = try HuggingFaceTokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
            return .text(model, tokenizer)
        case "swin":
            let config: SwinConfig = try readJSON(folder.appendingPathComponent("config.json"))
            try config.validate()
            let model = SwinModel(config: config)
            try model.load(canonical(tensors, prefixes: ["swin.", "model."], renames: swinRenames))
            return .image(model)
        default:
            throw CheckpointError("\(folder.lastPathComponent): model_type \"\(probe.modelType ?? "none")\" is neither xlm-roberta nor swin")
        }
    }

    struct ModelTypeProbe: Decodable {
        let modelType: String?
        enum CodingKeys: String, CodingKey { case modelType = "model_type" }
    }

    /// transformers 5 in-memory Swin names → the names `save_pretrained` writes.
    static let swinRenames = [
        ("attention.q_proj", "attention.self.query"), ("attention.k_proj", "attention.self.key"),
        ("attention.v_proj", "attention.self.value"), ("attention.o_proj", "attention.output.dense"),
        ("attention.relative_position_bias.relative_position_bias_table", "attention.self.relative_position_bias_table"),
        ("mlp.fc1", "intermediate.dense"), ("mlp.fc2", "output.dense"),
    ]

    static func canonical(_ tensors: [String: Tensor], prefixes: [String], renames: [(String, String)]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (name, t) in tensors {
            var n = name
            if let p = prefixes.first(where: { n.hasPrefix($0) }) { n.removeFirst(p.count) }
            for (from, to) in renames where n.contains(from) { n = n.replacingOccurrences(of: from, with: to) }
            out[n] = t
        }
        return out
    }
}
