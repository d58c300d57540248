import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `m3clip train`, `models`, `eval` and the daemon's training schedule through the real binary,
/// on phantom studies with the `micro` preset (seconds per run even in a debug build).
@Suite(.serialized) struct TrainCLITests {
    /// `api`: the `[api]` section (by default a free loopback port, so daemons of parallel tests
    /// never compete for 8421).
    static func trainingConfig(enabled: Bool, minNewItems: Int = 500, maxMinutes: Double = 0.1,
                               api: String = "[api]\nbind = \"127.0.0.1:0\"", extraTraining: String = "") -> String {
        """
        [translation]
        engine = "none"
        [training]
        enabled = \(enabled)
        preset = "micro"
        min_new_items = \(minNewItems)
        min_interval_minutes = 0
        max_minutes = \(maxMinutes)
        batch_size = 4
        evaluation_share = 0.25
        zero_shot_set = "../eval5x"
        \(extraTraining)
        \(api)
        """
    }

    /// A CLI on a fresh store holding `studies` phantom studies (English and German reports) and
    /// a 2-per-class zero-shot set, all 64 px.
    static func storeWithPhantoms(studies: Int, enabled: Bool = false, minNewItems: Int = 500, maxMinutes: Double = 0.1,
                                  ingest: Bool = true, extraConfig: String? = nil) throws -> CLIRunner {
        let cli = try CLIRunner(extraConfig: extraConfig ?? trainingConfig(enabled: enabled, minNewItems: minNewItems, maxMinutes: maxMinutes))
        let eval = try cli.run(["phantom", "eval5x", "--per-class", "2", "--size", "64", "--seed", "7", "--out", cli.root.appendingPathComponent("eval5x").path], withConfig: false)
        #expect(eval.status == 0, "\(eval.stderr)")
        if ingest {
            let staged = cli.root.appendingPathComponent("staged")
            let written = try cli.run(["phantom", "studies", "--count", "\(studies)", "--size", "64", "--languages", "eng_Latn,deu_Latn",
                                       "--out", staged.path], withConfig: false)
            #expect(written.status == 0, "\(written.stderr)")
            let folders = try FileManager.default.contentsOfDirectory(atPath: staged.path).filter { !$0.hasPrefix(".") }.sorted()
            let ingested = try cli.run(["ingest"] + folders.map { staged.appendingPathComponent($0).path })
            #expect(ingested.status == 0, "\(ingested.stderr)")
        }
        return cli
    }

    static func lastJSON(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func pretrainTextWritesAnMLMFolderThatTrainStartsFrom() throws {
        let cli = try Self.storeWithPhantoms(studies: 12)
        let out = cli.root.appendingPathComponent("text-pretrained")
        let pre = try cli.run(["pretrain-text", "--preset", "micro", "--steps", "4", "--batch", "4", "--json", "--out", out.path])
        #expect(pre.status == 0, "\(pre.stderr)")
        // No translation engine ran, so there are no pairs yet: MLM alone, and it says so.
        #expect(pre.stderr.contains("no kept translations yet: running MLM only"))
        let result = try Self.lastJSON(pre.stdout)
        #expect(result["steps"] as? Int == 4 && (result["sequences"] as? [String: Int])?["mlm"] == 16)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("config.json"))) as? [String: Any]
        #expect(config?["architectures"] as? [String] == ["XLMRobertaForMaskedLM"] && config?["m3clip_tokenizer"] as? String == "bytes")

        let trained = try cli.run(["train", "--steps", "1", "--from", "scratch", "--text-from", out.path])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stderr.contains("text encoder from \(out.path)"))
        // The lineage says where the text tower came from.
        let record = try String(contentsOf: cli.root.appendingPathComponent("Store/models/current/training.json"), encoding: .utf8)
        #expect(record.contains("\"text_encoder_from\"") && record.contains("text-pretrained"), "\(record)")
        // Another size does not fit the model's text tower: a clear error, no run.
        let tiny = cli.root.appendingPathComponent("text-tiny")
        #expect(try cli.run(["pretrain-text", "--preset", "tiny", "--steps", "1", "--batch", "2", "--objectives", "mlm", "--out", tiny.path]).status == 0)
        let mismatched = try cli.run(["train", "--steps", "1", "--from", "scratch", "--text-from", tiny.path])
        #expect(mismatched.status != 0 && mismatched.stderr.contains("does not match"), "\(mismatched.stderr)")
    }

    @Test func theDaemonPretrainsTheTextEncoderBeforeItsFirstRun() throws {
        let config = Self.trainingConfig(enabled: true, minNewItems: 10, maxMinutes: 0.05,
                                         extraTraining: "text_pretraining = true\ntext_pretraining_minutes = 0.02")
        let cli = try Self.storeWithPhantoms(studies: 0, ingest: false, extraConfig: config)
        let daemon = try DaemonProcess(cli)
        let staged = cli.root.appendingPathComponent("staged")
        #expect(try cli.run(["phantom", "studies", "--count", "12", "--size", "64", "--out", staged.path], withConfig: false).status == 0)
        for folder in try FileManager.default.contentsOfDirectory(atPath: staged.path) where !folder.hasPrefix(".") {
            try FileManager.default.moveItem(at: staged.appendingPathComponent(folder), to: cli.inbox.appendingPathComponent(folder))
        }
        try waitFor("the first run to pass the gate", timeout: 180) { ((try daemon.status()["training"] as? String) ?? "").contains(": passed") }
        #expect(daemon.logText.contains("text pre-training run started"))
        #expect(daemon.logText.contains("text encoder from"))
        #expect(FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("Store/run/text-pretrained/model.safetensors").path))
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func trainsEvaluatesGatesAndRecordsLineage() throws {
        let cli = try Self.storeWithPhantoms(studies: 24)
        let first = try cli.run(["train", "--steps", "3", "--json"])
        #expect(first.status == 0, "\(first.stderr)\(first.stdout)")
        let result = try Self.lastJSON(first.stdout)
        #expect(result["event"] as? String == "result")
        #expect(result["verdict"] as? String == "passed") // no current model yet
        let id = try #require(result["model"] as? String)
        let metrics = try #require(result["metrics"] as? [String: Double])
        let accuracy = try #require(metrics["zero_shot.accuracy"])
        #expect(accuracy >= 0 && accuracy <= 1)
        #expect(metrics.keys.contains { $0.hasPrefix("retrieval.t2i.R@10.") })
        #expect(first.stdout.contains("\"event\":\"progress\""))

        let current = try FileManager.default.destinationOfSymbolicLink(atPath: cli.root.appendingPathComponent("Store/models/current").path)
        #expect(current == id)
        let folder = cli.root.appendingPathComponent("Store/models/\(id)")
        for file in ["config.json", "model.safetensors", "training.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let training = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("training.json"))) as? [String: Any])
        #expect(training["verdict"] as? String == "passed")
        #expect((training["loss_curve"] as? [[Double]])?.last?.first == 3)
        #expect(FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("Store/models/.runs/\(id)").path) == false)

        // The second run continues from current and records its parent.
        let second = try cli.run(["train", "--steps", "2", "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        let secondID = try #require(try Self.lastJSON(second.stdout)["model"] as? String)
        let shown = try cli.json(try cli.run(["models", "show", secondID, "--json"]).stdout) as? [String: Any]
        let record = try #require(shown?["record"] as? [String: Any])
        #expect(record["parentId"] as? String == id)
        let listed = try cli.json(try cli.run(["models", "list", "--json"]).stdout) as? [[String: Any]]
        #expect(listed?.count == 2)

        let eval = try cli.run(["eval", "--model", id, "--zero-shot", cli.root.appendingPathComponent("eval5x").path, "--retrieval", "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let report = try cli.json(eval.stdout) as? [String: Any]
        let evalMetrics = try #require(report?["metrics"] as? [String: Double])
        #expect(evalMetrics["zero_shot.accuracy"] == accuracy) // the same model on the same set
        let confusion = try #require((report?["zeroShot"] as? [String: Any])?["confusion"] as? [[Int]])
        #expect(confusion.count == 5 && confusion.joined().reduce(0, +) == 10)
    }

    @Test func aPassingRunPublishesAnIndexThatSearchReads() throws {
        let cli = try Self.storeWithPhantoms(studies: 16)
        let trained = try cli.run(["train", "--steps", "2", "--json"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let model = try #require(try Self.lastJSON(trained.stdout)["model"] as? String)
        let indexes = try #require(try cli.json(try cli.run(["index", "list", "--json"]).stdout) as? [[String: Any]])
        #expect(indexes.count == 1)
        #expect(indexes.first?["model_id"] as? String == model)
        let first = try #require(indexes.first?["id"] as? String)
        for file in ["manifest.json", "images.npy", "texts.npy", "images.faiss", "texts.faiss", "images.jsonl", "texts.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("Store/indexes/\(first)/\(file)").path), "\(file)")
        }

        let images = try cli.run(["search", "Large right pleural effusion.", "--k", "5", "--json"])
        #expect(images.status == 0, "\(images.stderr)")
        let answer = try #require(try cli.json(images.stdout) as? [String: Any])
        #expect(answer["index"] as? String == first && answer["model"] as? String == model)
        let hits = try #require(answer["results"] as? [[String: Any]])
        #expect(hits.count == 5)
        let scores = hits.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >))
        #expect(hits.allSatisfy { $0["modality"] as? String == "image" })

        let germanAnswer = try cli.json(try cli.run(["search", "Pleuraerguss", "--modality", "text", "--languages", "deu_Latn", "--k", "3", "--json"]).stdout) as? [String: Any]
        let german = germanAnswer?["results"] as? [[String: Any]]
        #expect(german?.count == 3)
        #expect(german?.allSatisfy { $0["language"] as? String == "deu_Latn" } == true)

        // A second publish moves current; rollback moves it back.
        let second = try cli.run(["publish", "--float16"])
        #expect(second.status == 0, "\(second.stderr)")
        let secondID = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secondID != first)
        #expect(try cli.run(["index", "rollback"]).status == 0)
        let current = try FileManager.default.destinationOfSymbolicLink(atPath: cli.root.appendingPathComponent("Store/indexes/current").path)
        #expect(current == first)
        #expect(try cli.run(["search", "--image", cli.root.appendingPathComponent("eval5x/eval5x-edema-0000/image.png").path, "--k", "2"]).status == 0)
    }

    @Test func badRequestsAreClearErrors() throws {
        let cli = try Self.storeWithPhantoms(studies: 0, ingest: false)
        let empty = try cli.run(["train", "--steps", "1"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no images"), "\(empty.stderr)")
        #expect(try cli.run(["train", "--steps", "1", "--minutes", "2"]).status != 0)
        #expect(try cli.run(["train", "--objective", "contrastive"]).status != 0)
        let missing = try cli.run(["eval", "--model", "m-nope"])
        #expect(missing.status == 1 && missing.stderr.contains("m-nope"))
        #expect(try cli.run(["train", "--resume", "m-nope"]).stderr.contains("no interrupted run"))
    }

    @Test func theDaemonTrainsWhenEnoughNewItemsArriveAndSurvivesAKilledRun() throws {
        // The first run is long enough to be killed mid-way.
        let cli = try Self.storeWithPhantoms(studies: 0, enabled: true, minNewItems: 10, maxMinutes: 2, ingest: false)
        let daemon = try DaemonProcess(cli)
        let staged = cli.root.appendingPathComponent("staged")
        #expect(try cli.run(["phantom", "studies", "--count", "12", "--size", "64", "--out", staged.path], withConfig: false).status == 0)
        for folder in try FileManager.default.contentsOfDirectory(atPath: staged.path) where !folder.hasPrefix(".") {
            try FileManager.default.moveItem(at: staged.appendingPathComponent(folder), to: cli.inbox.appendingPathComponent(folder))
        }
        // Enough labeled items arrive: the schedule starts a run as a child process.
        var pid: Int32 = 0
        try waitFor("a training run", timeout: 60) {
            let text = (try daemon.status()["training"] as? String) ?? ""
            guard let range = text.range(of: #"pid (\d+)"#, options: .regularExpression) else { return false }
            pid = Int32(text[range].dropFirst(4)) ?? 0
            return pid > 0
        }
        try waitFor("the run's first steps", timeout: 60) { ((try daemon.status()["training"] as? String) ?? "").contains("step") }
        kill(pid, SIGKILL)
        try waitFor("the failed run to be reported", timeout: 30) {
            ((try daemon.status()["training"] as? String) ?? "").contains("failed")
        }
        #expect(((try daemon.status()["training"] as? String) ?? "").contains("signal 9"))
        #expect(daemon.process.isRunning)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: cli.root.appendingPathComponent("Store/models/current").path)) == nil)

        // ctl train starts the next one at once (a short one: the reloaded configuration); it runs
        // to the end and becomes current.
        try """
            [inbox]
            path = "../Inbox"
            [store]
            path = "../Store"
            \(Self.trainingConfig(enabled: true, minNewItems: 10_000))
            """.write(to: cli.configPath, atomically: true, encoding: .utf8)
        #expect(try daemon.ctl("reload").status == 0)
        let requested = try daemon.ctl("train")
        #expect(requested.status == 0, "\(requested.stderr)")
        try waitFor("the run to pass the gate", timeout: 120) {
            ((try daemon.status()["training"] as? String) ?? "").contains(": passed")
        }
        #expect(FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("Store/models/current/config.json").path))
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }
}
