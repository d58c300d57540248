import Foundation
import Testing
import Translation

/// Runs the built `m3clip` binary (`m3clip translate …`) against a temporary store.
struct TranslateCLI {
    let root: URL
    let config: URL

    init(translation: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-translate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Config"), withIntermediateDirectories: true)
        config = root.appendingPathComponent("Config/m3clip.toml")
        try "[inbox]\npath = \"../Inbox\"\n[store]\npath = \"../Store\"\n\(translation)\n".write(to: config, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static var binary: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("m3clip")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try #require(Self.binary, "the m3clip binary is not built (swift build --build-tests builds it)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--config", config.path]
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }
}

@Suite(.serialized) struct TranslateCLITests {
    @Test func filterPrintsAVerdictPerLine() throws {
        let cli = try TranslateCLI(translation: "[translation]\nengine = \"none\"")
        defer { cli.remove() }
        let tsv = [
            "No pneumothorax.\tKein Pneumothorax.\tdeu_Latn",
            "The lungs are clear.\tThe lungs are clear.\tfra_Latn",
            "No pleural effusion.\t无胸腔积液。\tzho_Hans",
            "There are 2 nodules.\tIl y a 3 nodules.\tfra_Latn",
            "The lungs are clear.\tЛегкие чистые.\trus_Cyrl\t-7.5",
        ].joined(separator: "\n")
        let result = try cli.run(["translate", "filter", "--tsv", "-"], input: tsv)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try TranslateCLI.jsonLines(result.stdout)
        #expect(lines.map { $0["verdict"] as? String } == ["keep", "reject:copy", "keep", "reject:numbers_not_preserved", "reject:low_log_prob"])
        #expect((lines[3]["metrics"] as? [String: Any])?["sourceNumbers"] as? [String] == ["2"])
    }

    @Test func aBadLineIsReportedAndFailsTheRun() throws {
        let cli = try TranslateCLI(translation: "[translation]\nengine = \"none\"")
        defer { cli.remove() }
        let result = try cli.run(["translate", "filter", "--tsv", "-"], input: "only one column\nA\tB\tdeu_Latn\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 1"))
        #expect(try TranslateCLI.jsonLines(result.stdout).count == 1)
    }

    @Test func noEngineMeansUnavailable() throws {
        let cli = try TranslateCLI(translation: "[translation]\nengine = \"none\"")
        defer { cli.remove() }
        let result = try cli.run(["translate", "--to", "deu_Latn", "No pneumothorax."])
        #expect(result.status == 1)
        #expect(result.stderr.contains("translation unavailable"))
    }

    @Test(.enabled(if: WorkerEnvironment.isReady, Comment(rawValue: WorkerEnvironment.skipMessage)))
    func translateStatsAndTheAuditLoopWithTheRealWorker() throws {
        let model = try WorkerEnvironment.tinyModel(canned: true)
        defer { try? FileManager.default.removeItem(at: model) }
        let cli = try TranslateCLI(translation: """
            [translation]
            engine = "ctranslate2"
            audit_rate = 1.0
            [translation.ctranslate2]
            model = "\(model.path)"
            python = "\(WorkerEnvironment.python.path)"
            worker = "\(WorkerEnvironment.script.path)"
            beam_size = 1
            max_decoding_length = 32
            """)
        defer { cli.remove() }
        let first = try cli.run(["translate", "--to", "deu_Latn,zho_Hans", "-"], input: "No pneumothorax.\nNo pneumothorax.\n")
        #expect(first.status == 0, "\(first.stderr)")
        let lines = try TranslateCLI.jsonLines(first.stdout)
        #expect(lines.map { $0["output"] as? String } == ["Kein Pneumothorax.", "Kein Pneumothorax.", "无气胸。", "无气胸。"])
        #expect(lines.allSatisfy { $0["verdict"] as? String == "keep" })
        let second = try cli.run(["translate", "--to", "deu_Latn", "No pneumothorax."])
        #expect(try TranslateCLI.jsonLines(second.stdout).first?["fromMemory"] as? Bool == true)

        let stats = try JSONSerialization.jsonObject(with: Data(try cli.run(["translate", "stats"]).stdout.utf8)) as! [String: Any]
        #expect(stats["entries"] as? Int == 2)
        #expect(stats["lookups"] as? Int == 5 && stats["hits"] as? Int == 1)

        let csv = cli.root.appendingPathComponent("audit.csv")
        #expect(try cli.run(["translate", "audit", "export", "--out", csv.path]).status == 0)
        var text = try String(contentsOf: csv, encoding: .utf8)
        let rows = text.split(separator: "\n").map(String.init)
        #expect(rows.count == 3)
        #expect(rows[0] == "id,source_language,target_language,engine,source,output,verdict,metrics,accuracy,fluency,consistency,"
                + "judge_model,judge_accuracy,judge_fluency,judge_consistency,judge_reason")
        // The reviewer fills the three reviewer columns (the judge's five stay empty: no judge ran).
        text = ([rows[0]] + rows.dropFirst().map { $0.hasSuffix(",,,,,,,,") ? String($0.dropLast(8)) + ",5,4,2,,,,," : $0 })
            .joined(separator: "\n") + "\n"
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let imported = try cli.run(["translate", "audit", "import", csv.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try JSONDecoder().decode(AuditReport.self, from: Data(try cli.run(["translate", "audit", "report"]).stdout.utf8))
        #expect(report.languages.count == 2 && report.judgeModel == nil)
        // Consistency 2 < 3: the reviewer refused what the filters kept.
        #expect(report.languages.allSatisfy { $0.kept.human.count == 1 && $0.kept.humanAgreesWithFilters == 0 })
    }
}
