import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// No inserted identifier leaves the store's originals: phantom reports carrying invented PHI go
/// through the daemon (ingest, index freshness), a training run and its published index, and the
/// API; none of the identifiers appears in the index files, the SQLite database (what translation,
/// training and the API read), the daemon's log or the API's answers. `show --raw` still has them.
@Suite(.serialized) struct DeidentificationTests {
    @Test func noIdentifierReachesIndexesDatabaseLogsOrTheAPI() throws {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 0, ingest: false)
        let staged = cli.root.appendingPathComponent("staged")
        let written = try cli.run(["phantom", "studies", "--count", "12", "--size", "64", "--languages", "eng_Latn,deu_Latn", "--phi",
                                   "--out", staged.path], withConfig: false)
        #expect(written.status == 0, "\(written.stderr)")
        struct Line: Decodable { let study: String; let identifiers: [[String: String]] }
        let lines = try String(contentsOf: staged.appendingPathComponent("phi.jsonl"), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(lines.count == 12)
        var needles = Set<String>()
        for line in lines {
            for (index, identifier) in line.identifiers.enumerated() {
                let text = try #require(identifier["text"])
                switch identifier["kind"] {
                case "age":
                    // An age is two or three digits: look for it as written ("92-year-old").
                    needles.insert("\(text)-year-old")
                case "time":
                    // A bare "17:37" is also the wall clock in log lines and manifests: look for the
                    // time as written, next to the exam date or inside the phoned-results sentence.
                    if index > 0, line.identifiers[index - 1]["kind"] == "date", let date = line.identifiers[index - 1]["text"] {
                        needles.insert("\(date) \(text)")
                    }
                    needles.insert("at \(text) on")
                    needles.insert("um \(text) Uhr")
                default:
                    needles.insert(text)
                }
                // Each part of a name on its own, too.
                if identifier["kind"] == "name" { for word in text.split(separator: " ") where word.count >= 4 { needles.insert(String(word)) } }
            }
        }
        #expect(needles.count > 50)

        let daemon = try DaemonProcess(cli)
        for key in lines.map(\.study) {
            try FileManager.default.moveItem(at: staged.appendingPathComponent(key), to: cli.inbox.appendingPathComponent(key))
        }
        try waitFor("the inbox to empty", timeout: 60) { cli.inboxEntries().isEmpty }
        let trained = try cli.run(["train", "--steps", "1"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let api = try HTTPTestClient(store: cli.root.appendingPathComponent("Store"))
        var answers = ""
        for query in ["Dictated by", "Patient", "MRN", "Findings discussed with", "effusion", "Befund besprochen mit"] {
            answers += try api.post("/v1/search", json: ["text": query, "modality": "text", "k": 200]).text
        }
        answers += try api.get("/v1/status").text + (try api.get("/v1/indexes").text)
        #expect(answers.contains("[NAME]") && answers.contains("[DATE]"), "the API answers should show placeholders")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)

        var haystacks: [(String, Data)] = [("daemon log", Data(daemon.logText.utf8)), ("API answers", Data(answers.utf8))]
        let store = cli.root.appendingPathComponent("Store")
        for name in ["m3clip.sqlite", "m3clip.sqlite-wal"] {
            if let data = FileManager.default.contents(atPath: store.appendingPathComponent(name).path) { haystacks.append((name, data)) }
        }
        let indexes = store.appendingPathComponent("indexes")
        for case let relative as String in FileManager.default.enumerator(atPath: indexes.path)! {
            if let data = FileManager.default.contents(atPath: indexes.appendingPathComponent(relative).path) { haystacks.append((relative, data)) }
        }
        #expect(haystacks.count > 8)
        for needle in needles.sorted() {
            let bytes = Data(needle.utf8)
            for (name, data) in haystacks where data.range(of: bytes) != nil {
                Issue.record("'\(needle)' leaked into \(name)")
            }
        }

        // The original stays in the store, for its owner.
        let key = lines[0].study
        let raw = try cli.run(["show", key, "--raw"])
        #expect(raw.status == 0 && raw.stdout.contains(lines[0].identifiers[0]["text"]!), "\(raw.stderr)")
        let shown = try cli.run(["show", key])
        #expect(shown.stdout.contains("de-identified:") && !shown.stdout.contains(lines[0].identifiers[0]["text"]!))
    }
}
