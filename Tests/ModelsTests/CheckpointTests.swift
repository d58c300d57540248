import Foundation
import Models
import Tensors
import Testing

@Suite struct CheckpointTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-models-\(UUID().uuidString)")
    }

    @Test func saveLoadRoundTrip() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        var fresh = try Checkpoint.fresh(ModelPresetsTests.small, seed: 11)
        fresh = Checkpoint(model: fresh.model, tokenizer: fresh.tokenizer,
                           training: TrainingRecord(parentModel: "seed", corpusVersion: 7, steps: 3,
                                                    hyperparameters: ["lr": 1e-4], metrics: ["loss": 0.5]))
        let folder = root.appendingPathComponent("ckpt")
        try fresh.save(to: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["config.json", "model.safetensors", "training.json"])
        let loaded = try Checkpoint.load(from: folder)
        #expect(loaded.model.config == fresh.model.config)
        #expect(loaded.training.corpusVersion == 7 && loaded.training.metrics["loss"] == 0.5)
        for (a, b) in zip(fresh.model.parameters, loaded.model.parameters) {
            #expect(a.name == b.name && a.value.scalars == b.value.scalars)
        }
        let batch = loaded.tokenizer.batch(["Kein Pleuraerguss."], maxLength: 32)
        #expect(loaded.model.encodeText(batch).scalars == fresh.model.encodeText(batch).scalars)
        // Saving again replaces the folder atomically.
        try loaded.save(to: folder)
        #expect(try Checkpoint.load(from: folder).model.parameterCount == fresh.model.parameterCount)
    }

    @Test func huggingFaceTokenizerTravelsWithTheCheckpoint() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = M3CLIPConfig(text: Fixtures.textConfig, vision: Fixtures.visionConfig, tokenizer: .huggingFace, maxTextLength: 16)
        let ckpt = try Checkpoint.fresh(config, tokenizerFile: Fixtures.url("hf_xlmr/tokenizer.json"))
        try ckpt.save(to: root.appendingPathComponent("c"))
        let loaded = try Checkpoint.load(from: root.appendingPathComponent("c"))
        #expect(loaded.tokenizer.encode("Lungs are clear.", maxLength: 16) == ckpt.tokenizer.encode("Lungs are clear.", maxLength: 16))
    }

    @Test func pyTorchWrittenCheckpointLoads() throws {
        // m3clip_tiny was written by the reference script, as the PyTorch trainer writes checkpoints.
        let ckpt = try Checkpoint.load(from: Fixtures.url("m3clip_tiny"))
        let expected = Fixtures.json("embed_expected.json")
        let text = expected["text_embed"] as! [Double] // the image side is checked through `m3clip embed`
        let batch = ckpt.tokenizer.batch([expected["text"] as! String], maxLength: ckpt.model.config.maxTextLength)
        expectClose(ckpt.model.encodeText(batch), Tensor(shape: [1, 512], values: text.map(Float.init)), 1e-4, "text embedding")
        #expect(ckpt.training.notes["trainer"] != nil)
    }

    @Test func missingTensorIsAnError() throws {
        let m = XLMRobertaModel(config: Fixtures.textConfig)
        var tensors = Dictionary(uniqueKeysWithValues: m.stateDict)
        tensors["encoder.layer.1.output.dense.weight"] = nil
        #expect(throws: CheckpointError.self) { try m.load(tensors) }
        tensors["encoder.layer.1.output.dense.weight"] = Tensor.zeros([3, 3])
        #expect(throws: CheckpointError.self) { try m.load(tensors) }
    }

    @Test func huggingFaceEncoderFoldersLoad() throws {
        let expected = Fixtures.json("embed_expected.json")
        guard case .text(let text, let tokenizer) = try EncoderFolder.load(from: Fixtures.url("hf_xlmr")) else {
            Issue.record("hf_xlmr is not a text encoder"); return
        }
        let ids = tokenizer.encode(expected["text"] as! String, maxLength: 64)
        #expect(ids == (expected["ids"] as! [Int]).map(Int32.init))
        let out = text(TokenBatch([ids], padID: tokenizer.padID))
        let cls = expected["cls"] as! [Double], medclip = expected["medclip"] as! [Double]
        expectClose(TextPooling.cls(out), Tensor(shape: [1, cls.count], values: cls.map(Float.init)), 1e-4, "cls")
        expectClose(TextPooling.medclip(out), Tensor(shape: [1, medclip.count], values: medclip.map(Float.init)), 1e-4, "medclip")
        guard case .image = try EncoderFolder.load(from: Fixtures.url("hf_swin")) else {
            Issue.record("hf_swin is not an image encoder"); return
        }
    }
}

@Suite struct ImagePreprocessorTests {
    @Test func imageAtInputSizeIsOnlyNormalised() {
        let p = ImagePreprocessor(size: 2)
        let t = p(grey: [0, 1, 0.5, 0.25], width: 2, height: 2)
        #expect(t.shape == [1, 3, 2, 2])
        #expect(abs(t[0, 2, 0, 1] - (1 - 0.5862785803043838) / 0.27950088968644304) < 1e-5)
        #expect(t[0, 0, 1, 0] == t[0, 1, 1, 0] && t[0, 1, 1, 0] == t[0, 2, 1, 0])
    }

    @Test func padsToSquareThenResizes() {
        let p = ImagePreprocessor(size: 4, mean: 0, std: 1, channels: 1)
        // A 8×4 white image: padded to 8×8 (black bars above and below, centred), then halved.
        let t = p(grey: [Float](repeating: 1, count: 32), width: 8, height: 4)
        #expect(t.shape == [1, 1, 4, 4])
        for x in 0..<4 {
            #expect(t[0, 0, 0, x] == t[0, 0, 3, x] && t[0, 0, 1, x] == t[0, 0, 2, x]) // symmetric bars
            #expect(t[0, 0, 0, x] < 0.5 && t[0, 0, 1, x] > 0.5)
            #expect(t[0, 0, 1, x] == t[0, 0, 1, 0]) // rows stay uniform
        }
        // A constant image stays constant through the resampling (weights sum to 1).
        let c = ImagePreprocessor(size: 5, mean: 0, std: 1, channels: 1)(grey: [Float](repeating: 0.3, count: 49), width: 7, height: 7)
        #expect(c.scalars.allSatisfy { abs($0 - 0.3) < 1e-6 })
    }
}
