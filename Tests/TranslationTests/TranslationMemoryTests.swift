import Foundation
import Radiology
import Store
import Testing
import Translation

@Suite struct TranslationMemoryTests {
    let german = LanguageCode("deu_Latn")!

    @Test func keysAreNormalised() {
        let a = MemoryKey(source: "  No   pneumothorax.\n", from: .english, to: german, engine: "e")
        let b = MemoryKey(source: "No pneumothorax.", from: .english, to: german, engine: "e")
        #expect(a == b)
        #expect(MemoryKey(source: "Cafe\u{301}", from: .english, to: german, engine: "e").source == "Café")
        #expect(a != MemoryKey(source: "No pneumothorax.", from: .english, to: german, engine: "other"))
    }

    @Test func lookupsComeFirstAndDuplicatesAreTranslatedOnce() async throws {
        // Given a memory and an engine
        let engine = PhrasebookEngine(phrases: ["No pneumothorax.": "Kein Pneumothorax."])
        let translator = Translator(engine: engine, memory: TranslationMemory(), batchSize: 2)
        // When a batch repeats a sentence
        let first = try await translator.translate(["No pneumothorax.", "The lungs are clear.", "No  pneumothorax.", "Heart normal."],
                                                   from: .english, to: german)
        // Then each distinct sentence reached the engine once, in chunks of two
        #expect(engine.translatedCount == 3)
        #expect(engine.callCount == 2)
        #expect(first.map(\.output)[0] == "Kein Pneumothorax.")
        #expect(first[0].output == first[2].output)
        #expect(first.allSatisfy { !$0.fromMemory })
        // And a second batch is answered from memory without an engine call
        let second = try await translator.translate(["No pneumothorax.", "Heart normal."], from: .english, to: german)
        #expect(engine.callCount == 2)
        #expect(second.allSatisfy { $0.fromMemory })
        #expect(translator.memory.counters.hits == 2)
    }

    @Test func theStoreKeepsTheMemoryAcrossRuns() async throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try CorpusStore.open(at: folder)
            let translator = Translator(engine: PhrasebookEngine(phrases: ["No pneumothorax.": "Kein Pneumothorax.",
                                                                          "The lungs are clear.": "The lungs are clear."]),
                                        memory: TranslationMemory(persistence: store))
            _ = try await translator.translate(["No pneumothorax.", "The lungs are clear."], from: .english, to: german)
        }
        let reopened = try CorpusStore.open(at: folder)
        let engine = PhrasebookEngine(phrases: [:])
        let translator = Translator(engine: engine, memory: TranslationMemory(persistence: reopened))
        let results = try await translator.translate(["No pneumothorax."], from: .english, to: german)
        #expect(results[0].fromMemory && results[0].output == "Kein Pneumothorax.")
        #expect(results[0].decision.isKept)
        #expect(engine.callCount == 0)
        let stats = try reopened.translationStats()
        #expect(stats.entries == 2)
        #expect(stats.languages["deu_Latn"]?.kept == 1)
        #expect(stats.languages["deu_Latn"]?.rejected == 1)
        #expect(stats.languages["deu_Latn"]?.reasons == ["copy": 1])
    }

    @Test func auditSampleIsDeterministicAndAboutOnePercent() {
        let sampler = AuditSampler()
        var sampled = 0
        for index in 0..<20_000 {
            let key = MemoryKey(source: "sentence \(index)", from: .english, to: german, engine: "e")
            let first = sampler.isSampled(key, output: "Satz \(index)")
            #expect(first == sampler.isSampled(key, output: "Satz \(index)"))
            if first { sampled += 1 }
        }
        #expect((140...260).contains(sampled), "\(sampled) of 20000")
    }

    @Test func noEngineIsUnavailableAndSaysWhy() async {
        let availability = await NoEngine().availability()
        #expect(!availability.isAvailable)
        await #expect(throws: TranslationEngineError.self) {
            _ = try await NoEngine().translate(["x"], from: .english, to: german)
        }
    }

    @Test func httpEngineSpeaksLibreTranslate() throws {
        let body = try HTTPEngine.requestBody(["No pneumothorax."], from: .english, to: LanguageCode("zho_Hans")!, apiKey: nil)
        let object = try JSONSerialization.jsonObject(with: body) as! [String: Any]
        #expect(object["source"] as? String == "en")
        #expect(object["target"] as? String == "zh-Hans")
        #expect(object["q"] as? [String] == ["No pneumothorax."])
        #expect(try HTTPEngine.parseResponse(Data(#"{"translatedText": ["无气胸。"]}"#.utf8), expected: 1).map(\.text) == ["无气胸。"])
        #expect(throws: TranslationEngineError.self) { try HTTPEngine.parseResponse(Data(#"{"error": "x"}"#.utf8), expected: 1) }
        #expect(throws: TranslationEngineError.self) { try HTTPEngine.parseResponse(Data(#"{"translatedText": ["a", "b"]}"#.utf8), expected: 1) }
    }
}
