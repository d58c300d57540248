import Foundation
import Radiology
import Testing
import Translation
#if canImport(Glibc)
import Glibc
#endif

/// Where the real worker lives, and whether its venv (Scripts/setup.sh) is there.
enum WorkerEnvironment {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Workers/translate")
    static let python = folder.appendingPathComponent(".venv/bin/python")
    static let script = folder.appendingPathComponent("worker.py")

    /// True when the venv's Python imports ctranslate2 and sentencepiece.
    static let isReady: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? run(python, ["-c", "import ctranslate2, sentencepiece, numpy"])) == 0
    }()

    static let skipMessage = "skipped: no Workers/translate/.venv with ctranslate2 (run Scripts/setup.sh)"

    @discardableResult
    static func run(_ executable: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Builds a tiny NLLB-shaped model (random or canned weights) in a fresh folder.
    static func tinyModel(canned: Bool) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-tiny-nllb-\(UUID().uuidString)")
        var arguments = [self.folder.appendingPathComponent("make_tiny_model.py").path, folder.path]
        if canned { arguments.append("--canned") }
        let status = try run(python, arguments)
        guard status == 0 else { throw TranslationEngineError(.unavailable, "make_tiny_model.py exited \(status)") }
        return folder
    }

    static func options(model: URL, delay: Double = 0) -> WorkerOptions {
        var options = WorkerOptions(python: python, script: script, model: model)
        options.beamSize = 1
        options.computeType = "int8"
        options.maxDecodingLength = 48
        options.intraThreads = 1
        options.restartBackoffSeconds = 0.1
        options.restartBackoffMaxSeconds = 0.5
        options.startTimeoutSeconds = 60
        if delay > 0 { options.extraArguments = ["--debug-delay", String(delay)] }
        return options
    }
}

@Suite(.serialized, .enabled(if: WorkerEnvironment.isReady, Comment(rawValue: WorkerEnvironment.skipMessage)))
struct WorkerEndToEndTests {
    let sentences = ["No pneumothorax.", "The lungs are clear.", "There is mild cardiomegaly.", "No pneumothorax."]

    @Test func randomWeightsGiveJunkThatTheFiltersReject() async throws {
        let model = try WorkerEnvironment.tinyModel(canned: false)
        defer { try? FileManager.default.removeItem(at: model) }
        let engine = CTranslate2Engine(options: WorkerEnvironment.options(model: model))
        #expect(await engine.availability() == .available)
        let translator = Translator(engine: engine, memory: TranslationMemory())
        for target in ["deu_Latn", "rus_Cyrl", "zho_Hans"] {
            let results = try await translator.translate(sentences, from: .english, to: LanguageCode(target)!)
            #expect(results.count == sentences.count)
            for result in results {
                #expect(!result.decision.isKept, "kept junk for \(target): \(result.output)")
                #expect(result.entry.logProb != nil)
            }
        }
        await engine.shutdown()
    }

    @Test func cannedModelOutputIsKept() async throws {
        let model = try WorkerEnvironment.tinyModel(canned: true)
        defer { try? FileManager.default.removeItem(at: model) }
        let engine = CTranslate2Engine(options: WorkerEnvironment.options(model: model))
        let translator = Translator(engine: engine, memory: TranslationMemory())
        let expected = ["deu_Latn": "Kein Pneumothorax.", "fra_Latn": "Pas de pneumothorax.",
                        "rus_Cyrl": "Пневмоторакса нет.", "zho_Hans": "无气胸。"]
        for (target, text) in expected {
            let result = try await translator.translate(["No pneumothorax."], from: .english, to: LanguageCode(target)!)[0]
            #expect(result.output == text)
            #expect(result.decision.isKept, "\(target): \(result.decision.reasons) \(result.decision.metrics)")
        }
        // An unknown language code is refused, not silently turned into <unk>.
        await #expect(throws: TranslationEngineError.self) {
            _ = try await engine.translate(["No pneumothorax."], from: .english, to: LanguageCode("xxx_Latn")!)
        }
        await engine.shutdown()
    }

    @Test func aBatchSurvivesTheWorkerBeingKilledMidBatch() async throws {
        let model = try WorkerEnvironment.tinyModel(canned: true)
        defer { try? FileManager.default.removeItem(at: model) }
        let engine = CTranslate2Engine(options: WorkerEnvironment.options(model: model, delay: 1.0))
        #expect(await engine.availability() == .available)
        let firstPID = try #require(await engine.workerProcessID)
        async let batch = engine.translate(["No pneumothorax.", "No pneumothorax."], from: .english, to: LanguageCode("deu_Latn")!)
        try await Task.sleep(for: .milliseconds(400))
        kill(firstPID, SIGKILL)
        let results = try await batch
        #expect(results.map(\.text) == ["Kein Pneumothorax.", "Kein Pneumothorax."])
        #expect(await engine.starts == 2)
        #expect(await engine.workerProcessID != firstPID)
        await engine.shutdown()
    }

    @Test func aBatchThatOutlivesItsTimeoutMakesTheEngineUnavailable() async throws {
        let model = try WorkerEnvironment.tinyModel(canned: true)
        defer { try? FileManager.default.removeItem(at: model) }
        var options = WorkerEnvironment.options(model: model, delay: 2.0)
        options.batchTimeoutSeconds = 0.5
        options.attemptsPerBatch = 2
        let engine = CTranslate2Engine(options: options)
        await #expect(throws: TranslationEngineError.self) {
            _ = try await engine.translate(["No pneumothorax."], from: .english, to: LanguageCode("deu_Latn")!)
        }
        #expect(await engine.starts == 2)
        await engine.shutdown()
    }

    @Test func aMissingModelIsReportedNotCrashed() async {
        let options = WorkerEnvironment.options(model: URL(fileURLWithPath: "/nonexistent/model"))
        let availability = await CTranslate2Engine(options: options).availability()
        guard case .unavailable(let reason) = availability else { Issue.record("available without a model"); return }
        #expect(reason.contains("model"))
    }
}
