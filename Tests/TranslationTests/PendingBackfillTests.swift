import Foundation
import Radiology
import Store
import Testing
import Translation

@Suite struct PendingBackfillTests {
    let targets = [LanguageCode("deu_Latn")!, LanguageCode("fra_Latn")!]

    @Test func sentencesWaitWhileNoEngineAndAreBackfilledWhenOneAppears() async throws {
        // Given a store with queued sentences and an engine that is down
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CorpusStore.inMemory(blobRoot: folder)
        try store.enqueueTranslations(["No pneumothorax.", "The lungs are clear.", "No pneumothorax."], from: .english, to: targets)
        #expect(try store.pendingTranslationCounts() == ["deu_Latn": 2, "fra_Latn": 2])
        let engine = PhrasebookEngine(phrases: [:], available: false)
        let translator = Translator(engine: engine, memory: TranslationMemory(persistence: store))

        // When a backfill step runs while the engine is down, nothing is lost
        let failed = await store.translatePending(with: translator, limit: 10)
        #expect(failed.error != nil)
        #expect(try store.pendingTranslationCounts() == ["deu_Latn": 2, "fra_Latn": 2])

        // When the engine appears, the queue drains, one language pair per step
        engine.setAvailable(true)
        var steps = 0
        while try !store.pendingTranslationCounts().isEmpty, steps < 5 {
            let outcome = await store.translatePending(with: translator, limit: 10)
            #expect(outcome.error == nil)
            steps += 1
        }
        #expect(steps == 2)
        #expect(engine.translatedCount == 4)
        let stats = try store.translationStats()
        #expect(stats.entries == 4)
        #expect(stats.pending.isEmpty)

        // And a sentence queued again later is answered from memory
        try store.enqueueTranslations(["No pneumothorax."], from: .english, to: [targets[0]])
        let again = await store.translatePending(with: translator, limit: 10)
        #expect(again.fromMemory == 1 && again.translated == 0)
        #expect(try store.pendingTranslationCounts().isEmpty)
    }

    @Test func auditExportImportAndAgreement() async throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CorpusStore.inMemory(blobRoot: folder)
        // Sample everything so the test sees both verdicts.
        let translator = Translator(engine: PhrasebookEngine(phrases: ["No pneumothorax.": "Kein Pneumothorax.",
                                                                      "The lungs are clear.": "The lungs are clear."]),
                                    memory: TranslationMemory(persistence: store), sampler: AuditSampler(rate: 1))
        _ = try await translator.translate(["No pneumothorax.", "The lungs are clear."], from: .english, to: targets[0])
        let sample = try store.auditSample()
        #expect(sample.count == 2)
        let kept = try #require(sample.first { $0.verdict == "keep" })
        let rejected = try #require(sample.first { $0.verdict == "reject:copy" })
        try store.recordAuditScores([AuditScore(id: kept.id, accuracy: 5, fluency: 4, consistency: 5),
                                     AuditScore(id: rejected.id, accuracy: 4, fluency: 4, consistency: 4)])
        #expect(throws: StoreError.self) { try store.recordAuditScores([AuditScore(id: kept.id, accuracy: 9, fluency: nil, consistency: nil)]) }
        #expect(throws: StoreError.self) { try store.recordAuditScores([AuditScore(id: 999, accuracy: 1, fluency: nil, consistency: nil)]) }
        let report = AuditReport(try store.auditObservations(judge: nil), judgeModel: nil, promptVersion: nil)
        #expect(report.languages.map(\.language) == ["deu_Latn"])
        let german = report.languages[0]
        #expect(german.kept.sampled == 1 && german.kept.human.count == 1 && german.kept.humanAgreesWithFilters == 1)
        #expect(german.rejected.sampled == 1 && german.rejected.humanAgreesWithFilters == 0, "the reviewer accepted what the filters rejected")
        #expect(german.kept.human.accuracy == 5 && german.rejected.human.fluency == 4)
        #expect(german.kept.judge.count == 0 && german.kept.disputedShare == nil)
    }
}
