public import Foundation
import Tensors

/// A model checkpoint folder (DESIGN.md §3), shared with the PyTorch trainer:
///
/// - `config.json`: ``M3CLIPConfig`` (`model_type: "m3clip"`, HF-style `text_config` and
///   `vision_config`);
/// - `model.safetensors`: every parameter under its HF name (`text_model.…`, `vision_model.…`,
///   `text_projection.weight`, `visual_projection.weight`, `logit_scale`), float32;
/// - the tokenizer: `tokenizer.json` when the config says so (the byte tokenizer needs no file);
/// - `training.json`: ``TrainingRecord``.
///
/// Saving writes a sibling temporary folder and renames it into place, so a reader never sees a
/// half-written checkpoint (replacing an existing folder moves the old one aside first, so there
/// is a moment with no folder at that path; readers that must never miss one should point at
/// versioned folders, as the store does).
public struct Checkpoint {
    public let model: M3CLIPModel
    public let tokenizer: any TextTokenizer
    public let training: TrainingRecord

    public init(model: M3CLIPModel, tokenizer: any TextTokenizer, training: TrainingRecord) {
        self.model = model
        self.tokenizer = tokenizer
        self.training = training
    }

    /// A fresh model for `config` with its tokenizer (`tokenizer.json` must be given for
    /// `.huggingFace`).
    public static func fresh(_ config: M3CLIPConfig, tokenizerFile: URL? = nil, seed: UInt64 = 0) throws(CheckpointError) -> Checkpoint {
        try config.validate()
        let tokenizer: any TextTokenizer
        switch config.tokenizer {
        case .bytes: tokenizer = ByteTokenizer()
        case .huggingFace:
            guard let tokenizerFile else { throw CheckpointError("this configuration needs a tokenizer.json") }
            tokenizer = try HuggingFaceTokenizer(contentsOf: tokenizerFile)
        }
        guard tokenizer.vocabularySize <= config.text.vocabSize else {
            throw CheckpointError("the tokenizer has \(tokenizer.vocabularySize) ids, the text encoder only \(config.text.vocabSize)")
        }
        return Checkpoint(model: M3CLIPModel(config: config, seed: seed), tokenizer: tokenizer, training: TrainingRecord())
    }

    /// Writes the folder atomically (replacing an existing one).
    public func save(to folder: URL) throws {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let temp = parent.appendingPathComponent(".\(folder.lastPathComponent).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: temp, withIntermediateDirectories: false)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(model.config).write(to: temp.appendingPathComponent("config.json"))
            try SafeTensors.write(model.stateDict, metadata: ["format": "pt"], to: temp.appendingPathComponent("model.safetensors"))
            if let hf = tokenizer as? HuggingFaceTokenizer {
                try hf.json.write(to: temp.appendingPathComponent("tokenizer.json"))
            }
            try encoder.encode(training).write(to: temp.appendingPathComponent("training.json"))
            if fm.fileExists(atPath: folder.path) {
                // rename(2) cannot replace a non-empty folder: move the old one aside first.
                let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(UUID().uuidString)")
                try fm.moveItem(at: folder, to: old)
                try fm.moveItem(at: temp, to: folder)
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: temp, to: folder)
            }
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
    }

    /// Reads a checkpoint folder written by ``save(to:)`` or by the PyTorch trainer.
    public static func load(from folder: URL) throws(CheckpointError) -> Checkpoint {
        let config: M3CLIPConfig = try readJSON(folder.appendingPathComponent("config.json"))
        try config.validate()
        let model = M3CLIPModel(config: config)
        try model.load(try readTensors(folder.appendingPathComponent("model.safetensors")))
        let tokenizer: any TextTokenizer = switch config.tokenizer {
        case .bytes: ByteTokenizer()
        case .huggingFace: try HuggingFaceTokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        }
        let trainingURL = folder.appendingPathComponent("training.json")
        let training: TrainingRecord = FileManager.default.fileExists(atPath: trainingURL.path)
            ? try readJSON(trainingURL) : TrainingRecord()
        return Checkpoint(model: model, tokenizer: tokenizer, training: training)
    }
}

/// Decodes a JSON file, naming it in the error.
func readJSON<T: Decodable>(_ url: URL) throws(CheckpointError) -> T {
    let data: Data
    do { data = try Data(contentsOf: url) } catch { throw CheckpointError("cannot read \(url.path): \(error.localizedDescription)") }
    do { return try JSONDecoder().decode(T.self, from: data) } catch {
        throw CheckpointError("\(url.lastPathComponent): \(error)")
    }
}

/// Every tensor of a safetensors file by name.
func readTensors(_ url: URL) throws(CheckpointError) -> [String: Tensor] {
    do {
        let file = try SafeTensors(contentsOf: url)
        var out: [String: Tensor] = [:]
        for name in file.names where [.f32, .f16, .bf16].contains(file.entries[name]?.dtype) { // buffers such as int64 indices are skipped
            out[name] = try file.tensor(name)
        }
        return out
    } catch let e as CheckpointError {
        throw e
    } catch {
        throw CheckpointError("cannot read \(url.path): \(error)")
    }
}
