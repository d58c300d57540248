import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `[training] backend = "torch"` through the real binary: `m3clip train export`, a run whose
/// optimisation happens in the PyTorch worker (snapshot → torchrun → checkpoint → gate →
/// `current`), a stopped run resumed, and the daemon's schedule on the `tiny` preset. Skipped
/// without `Workers/trainer/.venv` (`Scripts/setup.sh --with-trainer`).
@Suite(.serialized) struct TorchBackendTests {
    static let worker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workers/trainer")
    static let python = worker.appendingPathComponent(".venv/bin/python")
    static let isReady: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import torch, transformers, safetensors"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static func torchTraining(preset: String = "micro", gpus: Int = 1) -> String {
        """
        backend = "torch"
        [training.torch]
        python = "\(python.path)"
        script = "\(worker.appendingPathComponent("train.py").path)"
        gpus = \(gpus)
        loader_workers = 1
        extra_args = "--threads 1"
        """
    }

    static func config(enabled: Bool = false, minNewItems: Int = 500, maxMinutes: Double = 0.1, preset: String = "micro", gpus: Int = 1) -> String {
        TrainCLITests.trainingConfig(enabled: enabled, minNewItems: minNewItems, maxMinutes: maxMinutes, extraTraining: torchTraining(gpus: gpus))
            .replacingOccurrences(of: "preset = \"micro\"", with: "preset = \"\(preset)\"")
    }

    @Test(.enabled(if: isReady, "no Workers/trainer/.venv (Scripts/setup.sh --with-trainer)"))
    func exportThenATorchRunIsGatedAndBecomesCurrent() throws {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 16, extraConfig: Self.config(gpus: 2))
        let exported = cli.root.appendingPathComponent("export")
        let export = try cli.run(["train", "export", "--out", exported.path, "--from", "scratch", "--steps", "2"])
        #expect(export.status == 0, "\(export.stderr)")
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: exported.appendingPathComponent("snapshot.json"))) as? [String: Any])
        #expect(meta["format"] as? String == "m3clip-training-snapshot" && meta["image_size"] as? Int == 32 && meta["label_dimension"] as? Int == 28)
        let lines = try String(contentsOf: exported.appendingPathComponent("items.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("\"kind\":\"image\"") && $0.contains("\"sha256\":") } && lines.contains { $0.contains("\"kind\":\"text\"") })
        #expect(lines.contains { $0.contains("\"eval\":true") }, "evaluation_share 0.25 should hold some studies out")

        // Two gloo processes (gpus = 2 on a CPU host): snapshot → torchrun → checkpoint → gate.
        let run = try cli.run(["train", "--steps", "3", "--json"])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout.suffix(2000))")
        let result = try TrainCLITests.lastJSON(run.stdout)
        #expect(result["verdict"] as? String == "passed")
        #expect(run.stdout.contains("\"event\":\"progress\""))
        #expect(run.stdout.contains("world_size 2"), "\(run.stdout.suffix(2000))")
        let id = try #require(result["model"] as? String)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: cli.root.appendingPathComponent("Store/models/current").path) == id)
        let folder = cli.root.appendingPathComponent("Store/models/\(id)")
        let training = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("training.json"))) as? [String: Any])
        #expect((training["notes"] as? [String: String])?["trainer"] == "m3clip-torch")
        #expect(training["steps"] as? Int == 3 && training["verdict"] as? String == "passed")
        #expect((training["items_seen"] as? [String: Int])?["images"] == 12, "3 steps × batch 4 images")
        let shown = try cli.json(try cli.run(["models", "show", id, "--json"]).stdout) as? [String: Any]
        #expect((shown?["record"] as? [String: Any])?["backend"] as? String == "torch")
        // The published index was embedded by the Swift side from the PyTorch checkpoint.
        let search = try cli.run(["search", "pleural effusion", "--k", "3"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("Store/models/.runs/\(id)").path))
    }

    @Test(.enabled(if: isReady, "no Workers/trainer/.venv (Scripts/setup.sh --with-trainer)"))
    func aStoppedTorchRunResumes() throws {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 12, extraConfig: Self.config())
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["train", "--steps", "400", "--json", "--config", cli.configPath.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("\"event\":\"progress\"") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGTERM)
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        seen += String(decoding: rest, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(seen.suffix(2000))")
        let stopped = try TrainCLITests.lastJSON(seen)
        #expect(stopped["verdict"] as? String == "stopped")
        let id = try #require(stopped["model"] as? String)
        let steps = try #require(stopped["steps"] as? Int)
        #expect(steps >= 10 && steps < 400) // the first progress record comes at step 10
        #expect(FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("Store/models/.runs/\(id)/torch/resume.pt").path))

        let resumed = try cli.run(["train", "--resume", id, "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)\(resumed.stdout.suffix(2000))")
        let result = try TrainCLITests.lastJSON(resumed.stdout)
        #expect(result["model"] as? String == id && result["steps"] as? Int == 400 && result["verdict"] as? String == "passed")
        #expect(resumed.stdout.contains("resumed_at \(steps)"), "\(resumed.stdout.prefix(3000))")
    }

    @Test(.enabled(if: isReady, "no Workers/trainer/.venv (Scripts/setup.sh --with-trainer)"))
    func theDaemonRunsAScheduledTorchJobOnTheTinyPreset() throws {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 0, ingest: false,
                                                      extraConfig: Self.config(enabled: true, minNewItems: 10, maxMinutes: 0.05, preset: "tiny"))
        let daemon = try DaemonProcess(cli)
        let staged = cli.root.appendingPathComponent("staged")
        #expect(try cli.run(["phantom", "studies", "--count", "12", "--size", "64", "--out", staged.path], withConfig: false).status == 0)
        for folder in try FileManager.default.contentsOfDirectory(atPath: staged.path) where !folder.hasPrefix(".") {
            try FileManager.default.moveItem(at: staged.appendingPathComponent(folder), to: cli.inbox.appendingPathComponent(folder))
        }
        var statuses = Set<String>()
        try waitFor("the scheduled torch run to pass the gate", timeout: 240) {
            let text = (try daemon.status()["training"] as? String) ?? ""
            statuses.insert(text)
            return text.contains(": passed")
        }
        #expect(statuses.contains { $0.contains("step") && $0.contains("1 process") }, "ctl status should have shown the worker's progress: \(statuses)")
        #expect(daemon.logText.contains("torch: started"))
        let current = try FileManager.default.destinationOfSymbolicLink(atPath: cli.root.appendingPathComponent("Store/models/current").path)
        let config = try String(contentsOf: cli.root.appendingPathComponent("Store/models/\(current)/config.json"), encoding: .utf8)
        #expect(config.contains("\"hidden_size\" : 192"), "the tiny preset")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test(.enabled(if: isReady, "no Workers/trainer/.venv (Scripts/setup.sh --with-trainer)"))
    func textPretrainingInTorchWritesAFolderTrainStartsFrom() throws {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 12, extraConfig: Self.config())
        let exported = cli.root.appendingPathComponent("text-export")
        let export = try cli.run(["pretrain-text", "export", "--preset", "micro", "--steps", "4", "--batch", "4", "--out", exported.path])
        #expect(export.status == 0, "\(export.stderr)")
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: exported.appendingPathComponent("snapshot/snapshot.json"))) as? [String: Any])
        #expect(meta["format"] as? String == "m3clip-text-snapshot")
        #expect(try String(contentsOf: exported.appendingPathComponent("snapshot/sentences.jsonl"), encoding: .utf8).contains("\"language\":\"eng_Latn\""))
        #expect(FileManager.default.fileExists(atPath: exported.appendingPathComponent("init/model.safetensors").path))

        // No translation engine ran: MLM only, in the worker, written as the HF MLM folder.
        let out = cli.root.appendingPathComponent("text-pretrained")
        let run = try cli.run(["pretrain-text", "--preset", "micro", "--steps", "4", "--batch", "4", "--json", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout.suffix(2000))")
        #expect(run.stdout.contains("torch: started"))
        let result = try TrainCLITests.lastJSON(run.stdout)
        #expect(result["steps"] as? Int == 4 && (result["sequences"] as? [String: Int])?["mlm"] == 16)
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("config.json"))) as? [String: Any])
        #expect(config["m3clip_tokenizer"] as? String == "bytes" && config["architectures"] as? [String] == ["XLMRobertaForMaskedLM"])
        #expect(!FileManager.default.fileExists(atPath: out.path + ".torch-run"))
        let trained = try cli.run(["train", "--steps", "2", "--from", "scratch", "--text-from", out.path, "--json"])
        #expect(trained.status == 0, "\(trained.stderr)\(trained.stdout.suffix(1500))")
        #expect(trained.stdout.contains("text encoder from"))
    }
}
