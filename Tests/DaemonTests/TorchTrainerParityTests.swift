import Foundation
import Index
import Models
import Radiology
import Tensors
import Testing
@testable import Training
@testable import Daemon

/// The PyTorch trainer (`Workers/trainer`) against the Swift trainer, from the same checkpoint and
/// the same exported batch: the same loss and the same weights after one AdamW step, and a
/// checkpoint written by either loads in the other and embeds the same text. Skipped without
/// `Workers/trainer/.venv` (`Scripts/setup.sh --with-trainer`).
@Suite(.serialized) struct TorchTrainerParityTests {
    enum Worker {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        static let folder = repository.appendingPathComponent("Workers/trainer")
        static let python = folder.appendingPathComponent(".venv/bin/python")

        static let isReady: Bool = {
            guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
            return (try? run(["-c", "import torch, transformers, safetensors"]).status) == 0
        }()

        static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = python
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Drain both pipes before waiting (a full pipe would block the worker).
            let errData = LockedData()
            let group = DispatchGroup()
            group.enter()
            DispatchQueue.global().async { errData.set(err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.data, as: UTF8.self))
        }
    }

    final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = Data()
        func set(_ data: Data) { lock.withLock { stored = data } }
        var data: Data { lock.withLock { stored } }
    }

    /// 16 studies of the micro preset's size: one image and two sentences each, labels from a few
    /// observations (negatives and uncertain ones too), every fifth study awaiting labels.
    static func corpus(side: Int) -> TrainingCorpus {
        var rng = TensorRNG(seed: 11)
        // Consolidation is U-SelfTrained by default: its uncertain mentions are exported as pending.
        let observations: [Observation] = [.cardiomegaly, .pleuralEffusion, .edema, .atelectasis, .pneumothorax, .supportDevices, .consolidation]
        let words = ["no", "effusion", "mild", "cardiomegaly", "lungs", "are", "clear", "small", "pneumothorax", "Stauung", "épanchement"]
        var images: [TrainingImage] = [], texts: [TrainingText] = []
        for study in 0..<16 {
            var labels = ObservationLabels()
            for observation in observations {
                let draw = rng.nextUniform()
                labels[observation] = draw < 0.25 ? .positive : draw < 0.4 ? .negative : draw < 0.5 ? .uncertain : .notMentioned
            }
            let known: ObservationLabels? = study % 5 == 4 ? nil : labels
            let key = "S\(study)"
            images.append(TrainingImage(id: "image:\(study)", studyKey: key, labels: known, addedVersion: 1,
                                        pixels: (0..<(side * side)).map { _ in rng.nextUniform() }, side: side, source: String(repeating: "ab", count: 32)))
            for k in 0..<2 {
                let count = 3 + Int(rng.next() % 5)
                let text = (0..<count).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ") + "."
                texts.append(TrainingText(id: "sentence:\(study).\(k)", studyKey: key, language: k == 0 ? "eng_Latn" : "deu_Latn", text: text,
                                          labels: known, origin: .sentence, addedVersion: 1))
            }
        }
        // Texts in an order that puts other studies' sentences side by side in the first batch.
        texts.sort { $0.id.hasSuffix(".1") == $1.id.hasSuffix(".1") ? $0.id < $1.id : !$0.id.hasSuffix(".1") }
        return TrainingCorpus(version: 2, images: images, texts: texts)
    }

    static func maxRelativeDifference(_ a: Tensor, _ b: Tensor, floor: Float) -> Float {
        let scale = max(a.scalars.map(abs).max() ?? 0, floor)
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! / scale
    }

    @Test(.enabled(if: Worker.isReady, "no Workers/trainer/.venv (Scripts/setup.sh --with-trainer)"))
    func oneStepFromTheSameCheckpointAndBatchGivesTheSameLossAndWeights() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-torch-parity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let config = ModelPreset.micro.config
        let initial = root.appendingPathComponent("init")
        try ScratchInitialization.checkpoint(config, seed: 5).save(to: initial)

        let corpus = Self.corpus(side: config.vision.imageSize)
        var settings = TrainerSettings()
        settings.steps = 1
        settings.sampling.batchSize = 8
        settings.learningRate = 1e-3
        settings.augmentation = nil
        settings.textAugmentation = nil
        settings.selfTrainedShare = 0
        let labels = TrainingLabels(negativeWeight: 0.5)
        var snapshot = TrainingSnapshot(corpus: corpus, evaluationSplit: EvaluationSplit(share: 0), labels: labels, settings: settings,
                                        replayBefore: nil, config: config, tokenizer: ByteTokenizer())
        snapshot.pixelType = .float32
        let summary = try snapshot.write(to: root.appendingPathComponent("snapshot"))
        #expect(summary.images == 16 && summary.texts == 32 && summary.evaluationImages == 0)
        let items = try String(contentsOf: root.appendingPathComponent("snapshot/items.jsonl"), encoding: .utf8)
        #expect(items.contains("\"pending\":[\(Observation.consolidation.index)]"), "uncertain U-SelfTrained labels are exported as pending")

        // Swift: one step on the first 8 images and texts.
        let swift = try Checkpoint.load(from: initial)
        let trainer = try ContrastiveTrainer(model: swift.model, tokenizer: swift.tokenizer, corpus: corpus, labels: labels, settings: settings)
        var rng = TensorRNG(seed: 0)
        let swiftLoss = try trainer.step(SampledBatch(images: Array(0..<8), texts: Array(0..<8), pairs: 0), rng: &rng)

        // PyTorch: the same step from the exported snapshot.
        let out = root.appendingPathComponent("torch")
        let torch = try Worker.run([Worker.folder.appendingPathComponent("train.py").path, "--snapshot", root.appendingPathComponent("snapshot").path,
                                    "--init", initial.path, "--out", out.path, "--steps", "1", "--fixed-batch", "--workers", "0",
                                    "--log-every", "1", "--threads", "1"])
        #expect(torch.status == 0, "\(torch.stderr.suffix(3000))")
        let progress = try #require(torch.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first { $0["event"] as? String == "progress" })
        let torchLoss = try #require(progress["loss"] as? Double)
        #expect(abs(torchLoss - Double(swiftLoss)) <= 1e-4 * abs(Double(swiftLoss)), "loss: Swift \(swiftLoss), PyTorch \(torchLoss)")

        let torchModel = try Checkpoint.load(from: out.appendingPathComponent("checkpoint")).model
        let before = Dictionary(uniqueKeysWithValues: try Checkpoint.load(from: initial).model.stateDict)
        let swiftState = Dictionary(uniqueKeysWithValues: swift.model.stateDict)
        let torchState = Dictionary(uniqueKeysWithValues: torchModel.stateDict)
        #expect(Set(swiftState.keys) == Set(torchState.keys))
        var worst: (String, Float) = ("", 0), moved = 0
        // An attention key bias has no gradient in exact arithmetic (it adds q·b to every logit
        // of a query's row, which the softmax ignores): both sides hold float noise there, and
        // Adam's first step turns any noise into ±lr. Every other tensor must agree.
        for (name, value) in swiftState where !name.hasSuffix("attention.self.key.bias") {
            let difference = Self.maxRelativeDifference(value, torchState[name]!, floor: 1e-2)
            if difference > worst.1 { worst = (name, difference) }
            if value.scalars != before[name]!.scalars { moved += 1 }
        }
        #expect(worst.1 <= 1e-3, "largest weight difference after one step: \(worst.0) \(worst.1)")
        print("torch parity: loss Swift \(swiftLoss) PyTorch \(torchLoss) (relative \(abs(torchLoss - Double(swiftLoss)) / abs(Double(swiftLoss)))); "
              + "largest weight difference after one AdamW step \(worst.1) (\(worst.0)), \(moved) of \(swiftState.count) tensors moved")
        #expect(moved > swiftState.count * 9 / 10, "the step should move (nearly) every tensor: \(moved) of \(swiftState.count)")
    }

    @Test(.enabled(if: Worker.isReady, "no Workers/trainer/.venv (Scripts/setup.sh --with-trainer)"))
    func aCheckpointWrittenByEitherLoadsInTheOtherAndEmbedsTheSame() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-torch-interop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let swiftFolder = root.appendingPathComponent("swift"), torchFolder = root.appendingPathComponent("torch")
        try ScratchInitialization.checkpoint(ModelPreset.micro.config, seed: 9).save(to: swiftFolder)
        let texts = ["Lungs are clear.", "Kein Pleuraerguss, keine Stauung.", "Épanchement pleural gauche modéré.", "心脏增大。"]

        // Swift → PyTorch: the same embeddings.
        let swift = try Checkpoint.load(from: swiftFolder)
        let swiftEmbeddings = swift.model.encodeText(swift.tokenizer.batch(texts, maxLength: swift.model.config.maxTextLength))
        let embedded = try Worker.run([Worker.folder.appendingPathComponent("embed.py").path, "--checkpoint", swiftFolder.path] + texts)
        #expect(embedded.status == 0, "\(embedded.stderr.suffix(2000))")
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(embedded.stdout.utf8)) as? [String: Any])?["texts"] as? [[Double]])
        let torchEmbeddings = Tensor(shape: [rows.count, rows[0].count], values: rows.flatMap { $0.map(Float.init) })
        #expect(Self.maxRelativeDifference(swiftEmbeddings, torchEmbeddings, floor: 1e-6) <= 1e-4)

        // PyTorch → Swift: a checkpoint the worker writes (its own save path) loads here and embeds alike.
        let resaved = try Worker.run(["-c", """
            import sys; sys.path.insert(0, "\(Worker.folder.path)")
            from m3clip_trainer.model import M3CLIP
            model, _, _ = M3CLIP.load("\(swiftFolder.path)")
            model.save("\(torchFolder.path)", {"steps": 0, "notes": {"trainer": "m3clip-torch"}})
            """])
        #expect(resaved.status == 0, "\(resaved.stderr.suffix(2000))")
        let loaded = try Checkpoint.load(from: torchFolder)
        #expect(loaded.training.notes["trainer"] == "m3clip-torch")
        let again = loaded.model.encodeText(loaded.tokenizer.batch(texts, maxLength: loaded.model.config.maxTextLength))
        #expect(Self.maxRelativeDifference(again, torchEmbeddings, floor: 1e-6) <= 1e-4)
        print("torch interop: text embeddings Swift vs PyTorch \(Self.maxRelativeDifference(swiftEmbeddings, torchEmbeddings, floor: 1e-6)), "
              + "PyTorch-written checkpoint in Swift \(Self.maxRelativeDifference(again, torchEmbeddings, floor: 1e-6))")
        #expect(loaded.model.config == swift.model.config)
    }
}
