import Foundation
import Formats
import Radiology
import Store
import Testing
import Translation
@testable import Daemon

/// Reports in other languages are labeled through their English translation (the pivot), and the
/// original keeps those labels.
@Suite struct PivotLabelTests {
    @Test func aGermanReportIsLabeledOnceItsEnglishTranslationIsKept() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = root.appendingPathComponent("Inbox/study-de")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Data("BEFUND: Kleiner Pleuraerguss links. Kein Pneumothorax.".utf8).write(to: inbox.appendingPathComponent("report.deu_Latn.txt"))
        let store = try CorpusStore.open(at: root.appendingPathComponent("Store"))
        let ingestor = try Ingestor(store: store, defaultLanguage: .english, limits: ImageLimits(), maxFileBytes: 1 << 20)
        _ = try ingestor.ingest([inbox])

        // Stored with its sentences, unlabeled.
        let report = try #require(try store.study("study-de")?.reports.first)
        #expect(try store.labels(reportID: report.id) == nil)
        let stored = try store.sentences(reportID: report.id)
        let sentences = stored.map(\.text)
        #expect(sentences.count == 2 && sentences[0].hasPrefix("Kleiner Pleuraerguss links") && sentences[1].hasPrefix("Kein Pneumothorax"))
        #expect(stored.allSatisfy { $0.labelerVersion == CorpusStore.unlabeled })

        // No translation yet: nothing to label.
        let memory = TranslationMemory(persistence: store)
        let german = try #require(LanguageCode("deu_Latn"))
        let label = { (text: String) in ingestor.labeler.labelAggregate(text) }
        #expect(try store.labelFromEnglishPivot(engine: "test", memory: memory, labelerVersion: Labeler.version,
                                                labelReport: label, labelSentence: label) == nil)

        // Kept English translations arrive: the report is labeled in a new version.
        let english = ["Small left pleural effusion.", "No pneumothorax."]
        let filter = QualityFilter()
        try memory.insert(zip(sentences, english).map { source, output in
            MemoryEntry(key: MemoryKey(source: source, from: german, to: .english, engine: "test"), sourceText: source, output: output,
                        logProb: -0.2, decision: filter.evaluate(source: source, output: output, from: german, to: .english, logProb: -0.2),
                        audit: false)
        })
        let version = try #require(try store.labelFromEnglishPivot(engine: "test", memory: memory, labelerVersion: Labeler.version,
                                                                   labelReport: label, labelSentence: label))
        #expect(try store.versions().last?.kind == "pivot-label" && version == 2)
        let labels = try #require(try store.labels(reportID: report.id))
        #expect(labels.labelerVersion.hasPrefix(Labeler.version) && labels.labelerVersion.contains("eng_Latn"))
        #expect(labels.aggregate[.pleuralEffusion] == .positive && labels.aggregate[.pneumothorax] == .negative)
        #expect(labels.sentences.map(\.text) == sentences, "the original sentences keep the pivot's labels")
        #expect(labels.sentences[0].labels[.pleuralEffusion] == .positive)
        #expect(try store.verify().isEmpty)
    }
}
