import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's HTTP API and index freshness through the real binary: a micro model trained on
/// phantom studies publishes the first index, then the daemon serves it on a free port.
@Suite(.serialized) struct APITests {
    static let token = "test-token-0123456789abcdef"

    static func config(token: String? = APITests.token, bind: String = "127.0.0.1:0") -> String {
        TrainCLITests.trainingConfig(enabled: false, api: """
            [api]
            bind = "\(bind)"
            token = "\(token ?? "")"
            max_body_bytes = 65536
            max_k = 500
            """)
    }

    /// A store with 12 phantom studies, a micro model and its index.
    static func publishedStore() throws -> CLIRunner {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 12, extraConfig: config())
        let trained = try cli.run(["train", "--steps", "2", "--json"])
        #expect(trained.status == 0, "\(trained.stderr)")
        return cli
    }

    @Test func servesSearchStatusIndexesAndMetricsBehindTheToken() throws {
        let cli = try Self.publishedStore()
        let daemon = try DaemonProcess(cli)
        let api = try HTTPTestClient(store: cli.root.appendingPathComponent("Store"), token: Self.token)

        // The token is required everywhere.
        #expect(try api.get("/healthz", token: .some(nil)).status == 401)
        #expect(try api.get("/healthz", token: "wrong-token-0123456789").status == 401)
        let health = try api.get("/healthz")
        let healthBody = try health.json()
        #expect(health.status == 200 && healthBody["status"] as? String == "ok")

        let search = try api.post("/v1/search", json: ["text": "Large right pleural effusion.", "k": 3])
        #expect(search.status == 200, "\(search.text)")
        let body = try search.json()
        let results = try #require(body["results"] as? [[String: Any]])
        #expect(results.count == 3 && results.allSatisfy { $0["modality"] as? String == "image" })
        #expect(results.map { $0["rank"] as? Int } == [1, 2, 3])
        let scores = results.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >) && scores.count == 3)
        #expect(body["index"] as? String != nil && body["model"] as? String != nil)

        let german = try api.post("/v1/search", json: ["text": "Pleuraerguss", "modality": "text", "languages": ["deu_Latn"], "k": 2])
        let germanRows = try #require(try german.json()["results"] as? [[String: Any]])
        #expect(germanRows.count == 2 && germanRows.allSatisfy { $0["language"] as? String == "deu_Latn" })
        let filtered = try api.post("/v1/search", json: ["text": "effusion", "labels": ["Pleural Effusion=1"], "k": 50])
        let effusions = try #require(try filtered.json()["results"] as? [[String: Any]])
        #expect(effusions.allSatisfy { ($0["labels"] as? String).map { Array($0)[10] == "1" } ?? false })

        // Bad requests are clear 4xx answers, never a crash.
        let badJSON = try api.request("POST", "/v1/search", body: Data("{\"text\": ".utf8), token: Self.token)
        let badJSONMessage = try badJSON.json()["error"] as? String
        #expect(badJSON.status == 400 && badJSONMessage?.isEmpty == false)
        #expect(try api.post("/v1/search", json: ["k": 3]).status == 400)
        #expect(try api.post("/v1/search", json: ["text": "x", "k": 0]).status == 400)
        #expect(try api.post("/v1/search", json: ["text": "x", "k": 501]).status == 400)
        #expect(try api.post("/v1/search", json: ["text": "x", "modality": "audio"]).status == 400)
        #expect(try api.post("/v1/search", json: ["text": "x", "labels": ["Nonsense=1"]]).status == 400)
        #expect(try api.post("/v1/search", json: ["text": "x", "corpus_versions": [3, 2]]).status == 400)
        let none = try api.post("/v1/search", json: ["text": "x", "corpus_versions": [1000]])
        let noneResults = try none.json()["results"] as? [Any]
        #expect(none.status == 200 && noneResults?.isEmpty == true)
        #expect(try api.post("/v1/search", json: ["image": "not base64!!"]).status == 400)
        #expect(try api.post("/v1/search", json: ["image": Data("not an image".utf8).base64EncodedString()]).status == 422)
        #expect(try api.post("/v1/search", json: ["text": "x", "index": "no-such-index"]).status == 404)
        let oversized = try api.post("/v1/search", json: ["text": String(repeating: "a", count: 70_000)])
        #expect(oversized.status == 413)
        #expect(try api.get("/v1/nothing").status == 404)

        let status = try api.get("/v1/status").json()
        #expect((status["api"] as? String)?.contains("token required") == true)
        #expect((status["index"] as? String)?.contains("delta segments") == true)
        let indexes = try #require(try api.get("/v1/indexes").json()["indexes"] as? [[String: Any]])
        #expect(indexes.count == 1 && indexes.first?["current"] as? Bool == true)

        // /metrics is Prometheus text: every sample line is `name{labels} value`.
        let metrics = try api.get("/metrics")
        #expect(metrics.status == 200 && metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? -?[0-9.eE+-]+$|^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? (\+Inf|NaN)$"#)
        var samples: [String: Double] = [:]
        for line in metrics.text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: sample) != nil, "not a Prometheus sample: \(line)")
            let parts = line.split(separator: " ")
            samples[String(parts[0])] = Double(parts[1])
        }
        #expect((samples["m3clip_search_duration_seconds_count"] ?? 0) >= 3)
        #expect((samples["m3clip_index_rows{modality=\"image\"}"] ?? 0) >= 1)
        #expect(samples["m3clip_corpus_version"] != nil && samples["m3clip_ingest_files_total"] != nil)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func aDroppedStudyBecomesSearchableAndPublishAndRollbackWork() throws {
        let cli = try Self.publishedStore()
        let daemon = try DaemonProcess(cli)
        let api = try HTTPTestClient(store: cli.root.appendingPathComponent("Store"), token: Self.token)
        let firstIndex = try #require(try api.get("/v1/indexes").json()["indexes"] as? [[String: Any]]).first?["manifest"] as? [String: Any]

        // A new study renamed into the inbox is embedded into a delta segment and found.
        let staged = cli.root.appendingPathComponent("fresh")
        #expect(try cli.run(["phantom", "studies", "--count", "1", "--seed", "99", "--size", "64", "--out", staged.path], withConfig: false).status == 0)
        let key = try #require(try FileManager.default.contentsOfDirectory(atPath: staged.path).first { !$0.hasPrefix(".") })
        let image = try #require(try FileManager.default.contentsOfDirectory(atPath: staged.appendingPathComponent(key).path).first { $0.hasSuffix(".png") })
        let pixels = try Data(contentsOf: staged.appendingPathComponent("\(key)/\(image)"))
        try FileManager.default.moveItem(at: staged.appendingPathComponent(key), to: cli.inbox.appendingPathComponent(key))
        var found: [String: Any] = [:]
        defer { if found["study"] as? String != key { Issue.record("last answer \(found); daemon log:\n\(daemon.logText)") } }
        try waitFor("the new study in search results", timeout: 30) {
            // Only rows added after the base (an untrained model may score other phantoms equal).
            let answer = try api.post("/v1/search", json: ["image": pixels.base64EncodedString(), "modality": "image", "k": 1,
                                                           "corpus_versions": [2]])
            let results = (try? answer.json())?["results"] as? [[String: Any]]
            found = results?.first ?? [:]
            return found["study"] as? String == key
        }
        #expect((found["score"] as? Double ?? 0) > 0.999)
        let index = try #require(try api.get("/v1/indexes").json()["indexes"] as? [[String: Any]]).first
        #expect((index?["deltas"] as? [Any])?.isEmpty == false)

        // ctl publish merges everything into a new current index; ctl rollback goes back.
        let published = try daemon.ctl("publish")
        #expect(published.status == 0, "\(published.stderr)")
        try waitFor("a second index", timeout: 60) {
            ((try? api.get("/v1/indexes").json()["indexes"] as? [[String: Any]]) ?? []).count == 2
        }
        let entries = try #require(try api.get("/v1/indexes").json()["indexes"] as? [[String: Any]])
        let current = try #require(entries.first { $0["current"] as? Bool == true })
        #expect((current["deltas"] as? [Any])?.isEmpty == true)
        #expect((current["manifest"] as? [String: Any])?["id"] as? String != firstIndex?["id"] as? String)
        let again = try api.post("/v1/search", json: ["image": pixels.base64EncodedString(), "modality": "image", "k": 1, "corpus_versions": [2, 2]])
        #expect((try again.json()["results"] as? [[String: Any]])?.first?["study"] as? String == key)
        let rolled = try daemon.ctl("rollback")
        #expect(rolled.status == 0 && rolled.stdout.contains(firstIndex?["id"] as? String ?? "?"), "\(rolled.stderr)")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func anOpenPortWithoutATokenStopsTheDaemonAtStartUp() throws {
        let cli = try CLIRunner(extraConfig: Self.config(token: nil, bind: "0.0.0.0:0"))
        let result = try cli.run(["daemon"])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("api.bind") && result.stderr.contains("token"), "\(result.stderr)")
    }
}
