import Foundation
import Models
import Tensors
import Testing

/// The MLM head and loss against `transformers.XLMRobertaForMaskedLM` (random weights, a padded
/// batch with masked, replaced and kept positions): logits, loss and every gradient
/// (`Workers/encoders-reference/make_mlm_fixtures.py`).
@Suite struct MaskedLMParityTests {
    static let fixture: [String: Tensor] = {
        let file = try! SafeTensors(contentsOf: Fixtures.url("mlm_tiny.safetensors"))
        return Dictionary(uniqueKeysWithValues: file.names.map { ($0, try! file.tensor($0)) })
    }()

    static func model() throws -> XLMRobertaMaskedLM {
        let m = XLMRobertaMaskedLM(config: Fixtures.textConfig)
        try m.load(fixture)
        return m
    }

    static var batch: TokenBatch {
        let ids = fixture["input.ids"]!
        let (b, l) = (ids.shape[0], ids.shape[1])
        let rows = (0..<b).map { r in Array(ids.scalars[(r * l)..<((r + 1) * l)].map { Int32($0) }.prefix { $0 != 1 }) }
        return TokenBatch(rows, padID: 1, length: l)
    }

    static var labels: [Int32] { fixture["input.labels"]!.scalars.map { Int32($0) } }

    @Test func theHeadsNamesAreHuggingFaces() {
        let names = Set(XLMRobertaMaskedLM(config: Fixtures.textConfig).parameters.map(\.name))
        #expect(names.isSuperset(of: ["lm_head.dense.weight", "lm_head.dense.bias", "lm_head.layer_norm.weight",
                                      "lm_head.layer_norm.bias", "lm_head.bias", "roberta.embeddings.word_embeddings.weight"]))
        #expect(!names.contains("lm_head.decoder.weight"), "the decoder is the word-embedding table")
        #expect(names.count == 58, "HF's XLMRobertaForMaskedLM has 58 parameters with the decoder tied")
    }

    @Test func logitsAndLossMatchHuggingFace() throws {
        let m = try Self.model()
        let (logits, targets) = m(Self.batch, labels: Self.labels)
        #expect(targets.count == 5)
        expectClose(logits, Self.fixture["expected.logits"]!, 1e-4, "logits at the labelled positions")
        let loss = try #require(m.loss(Self.batch, labels: Self.labels))
        expectClose(loss.reshaped([1]), Self.fixture["expected.loss"]!, 1e-4, "MLM loss")
        #expect(m.loss(Self.batch, labels: Self.labels.map { _ in XLMRobertaMaskedLM.ignoredLabel }) == nil)
    }

    @Test func everyGradientMatchesHuggingFace() throws {
        let m = try Self.model()
        let tape = Tape()
        let w = Weights(tape: tape)
        tape.backward(try #require(m.loss(Self.batch, labels: Self.labels, w)))
        // The word-embedding table's gradient sums the input lookups and the tied decoder.
        expectGradientsMatch(m.parameters, Self.fixture)
        #expect(m.parameters.count == 58)
    }
}

/// The HF MLM folder layout: an HF `XLMRobertaForMaskedLM` folder loads (and gives HF's loss),
/// what we save loads back identically, and the encoder moves into a CLIP model's text tower.
@Suite struct TextEncoderCheckpointTests {
    static func hfFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-mlm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["config.json", "tokenizer.json"] {
            try FileManager.default.copyItem(at: Fixtures.url("hf_xlmr/\(name)"), to: folder.appendingPathComponent(name))
        }
        // HF's save_pretrained keeps the tied decoder once; a bare export may keep lm_head.decoder.* too.
        var weights = MaskedLMParityTests.fixture.filter { !$0.key.hasPrefix("grad.") && !$0.key.hasPrefix("input.") && !$0.key.hasPrefix("expected.") }
        weights["lm_head.decoder.bias"] = weights["lm_head.bias"]
        try SafeTensors.write(weights, metadata: ["format": "pt"], to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    @Test func anHFFolderLoadsAndGivesHFsLoss() throws {
        let folder = try Self.hfFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = try TextEncoderCheckpoint.load(from: folder)
        #expect(checkpoint.tokenizer.maskID == 700)
        let loss = try #require(checkpoint.model.loss(MaskedLMParityTests.batch, labels: MaskedLMParityTests.labels))
        expectClose(loss.reshaped([1]), MaskedLMParityTests.fixture["expected.loss"]!, 1e-4, "loss after loading the folder")
    }

    @Test func whatIsSavedLoadsBackAndTransplantsIntoTheTextTower() throws {
        let folder = try Self.hfFolder()
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-mlm-saved-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: saved) }
        try TextEncoderCheckpoint.load(from: folder).save(to: saved)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: saved.appendingPathComponent("config.json"))) as? [String: Any]
        #expect(config?["architectures"] as? [String] == ["XLMRobertaForMaskedLM"] && config?["model_type"] as? String == "xlm-roberta")
        let reloaded = try TextEncoderCheckpoint.load(from: saved)
        let loss = try #require(reloaded.model.loss(MaskedLMParityTests.batch, labels: MaskedLMParityTests.labels))
        expectClose(loss.reshaped([1]), MaskedLMParityTests.fixture["expected.loss"]!, 1e-4, "loss after a save and a load")

        let clip = M3CLIPModel(config: M3CLIPConfig(text: Fixtures.textConfig, vision: Fixtures.visionConfig, tokenizer: .huggingFace, maxTextLength: 16))
        try reloaded.transplant(into: clip)
        let hidden = clip.text(MaskedLMParityTests.batch).lastHiddenState
        expectClose(hidden, reloaded.model.encoder(MaskedLMParityTests.batch).lastHiddenState, 1e-6, "the text tower after the transplant")

        let other = M3CLIPModel(config: ModelPresetsTests.small)
        #expect(throws: CheckpointError.self) { try reloaded.transplant(into: other) }

        // A byte-tokenizer model says so in its config instead of shipping a tokenizer.json.
        let bytes = TextEncoderCheckpoint(model: XLMRobertaMaskedLM(config: ModelPreset.micro.config.text), tokenizer: ByteTokenizer())
        let bytesFolder = saved.appendingPathComponent("bytes")
        try bytes.save(to: bytesFolder)
        #expect(!FileManager.default.fileExists(atPath: bytesFolder.appendingPathComponent("tokenizer.json").path))
        #expect(try TextEncoderCheckpoint.load(from: bytesFolder).tokenizer is ByteTokenizer)
    }
}

@Suite struct VocabularyPruningTests {
    static let texts = ["No pleural effusion.", "Kein Pleuraerguss.", "Mild cardiomegaly.", "肺野清晰。"]

    @Test func theCorpusSegmentsAlikeWithDenseNewIDs() throws {
        let tokenizer = try HuggingFaceTokenizer(contentsOf: Fixtures.url("hf_xlmr/tokenizer.json"))
        let pruning = try VocabularyPruning(tokenizer, keeping: Self.texts)
        #expect(pruning.tokenizer.vocabularySize == pruning.keptIDs.count)
        #expect(pruning.keptIDs.count < tokenizer.vocabularySize / 4, "\(pruning.keptIDs.count) of \(tokenizer.vocabularySize) kept")
        for text in Self.texts {
            let before = tokenizer.encode(text, maxLength: 64), after = pruning.tokenizer.encode(text, maxLength: 64)
            #expect(before.map { pruning.newID($0)! } == after, "\(text)")
        }
        #expect(pruning.tokenizer.maskID == pruning.newID(tokenizer.maskID!))
        #expect(pruning.tokenizer.padID == pruning.newID(tokenizer.padID))
        #expect(pruning.tokenizer.specialIDs == Set(tokenizer.specialIDs.map { pruning.newID($0)! }))
    }

    @Test func thePrunedModelGivesTheSameLogitsForTheKeptTokens() throws {
        let tokenizer = try HuggingFaceTokenizer(contentsOf: Fixtures.url("hf_xlmr/tokenizer.json"))
        let model = try MaskedLMParityTests.model()
        let pruning = try VocabularyPruning(tokenizer, keeping: Self.texts)
        let pruned = try pruning.prune(model)
        #expect(pruned.encoder.config.vocabSize == pruning.keptIDs.count)
        let old = tokenizer.batch(Self.texts, maxLength: 32), new = pruning.tokenizer.batch(Self.texts, maxLength: 32)
        // Predict every real token (the label is the token itself; only the positions matter here).
        let labels = old.ids.map { $0 == tokenizer.padID ? XLMRobertaMaskedLM.ignoredLabel : $0 }
        let newLabels = new.ids.map { $0 == pruning.tokenizer.padID ? XLMRobertaMaskedLM.ignoredLabel : $0 }
        let full = model(old, labels: labels).logits, small = pruned(new, labels: newLabels).logits
        let kept = gather(full, axis: 1, indices: pruning.keptIDs.map(Int.init))
        expectClose(small, kept, 1e-5, "logits of the kept tokens")
    }
}
