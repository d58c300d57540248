import Foundation
import Radiology
import Testing
import Translation
@testable import Store

/// A small corpus for `trainingRows`: labeled English reports, German reports and translations.
struct TrainingCorpusFixture {
    let temporary: TemporaryStore
    var store: CorpusStore { temporary.store }
    let german = LanguageCode("deu_Latn")!
    let french = LanguageCode("fra_Latn")!
    let memory: TranslationMemory

    static let noPneumothorax = ObservationLabels([.pneumothorax: .negative])
    static let effusion = ObservationLabels([.pleuralEffusion: .positive])
    static let cardiomegaly = ObservationLabels([.cardiomegaly: .positive])

    init() throws {
        temporary = try TemporaryStore()
        memory = TranslationMemory(persistence: temporary.store)
    }

    func file(_ key: String, _ name: String, _ bytes: Data) throws -> IncomingFile {
        let file = IncomingFile(name: name, originalPath: "/inbox/\(key)/\(name)", size: bytes.count, hash: ContentHash(of: bytes))
        try store.blobs.write([(file.hash, bytes)])
        return file
    }

    /// An English report labeled sentence by sentence (aggregate: the sentences' labels merged).
    func englishReport(_ key: String, _ sentences: [(String, ObservationLabels)], partName: String = "report.txt") throws -> IncomingReport {
        let text = "FINDINGS: " + sentences.map(\.0).joined(separator: " ")
        var aggregate = ObservationLabels()
        for sentence in sentences { aggregate.merge(sentence.1) }
        let labels = ReportLabels(sentences: sentences.map { SentenceLabels(text: $0.0, labels: $0.1) }, aggregate: aggregate)
        return IncomingReport(file: try file(key, partName, Data(text.utf8)), partName: partName, format: "plain-text",
                              report: Report(text: text, language: .english), labels: labels, labelerVersion: "test-1")
    }

    /// A German report whose sentences are stored unlabeled (as ingest stores them).
    func germanReport(_ key: String, _ sentences: [String], partName: String = "befund.txt") throws -> IncomingReport {
        let text = "BEFUND: " + sentences.joined(separator: " ")
        let labels = ReportLabels(sentences: sentences.map { SentenceLabels(text: $0, labels: ObservationLabels()) },
                                  aggregate: ObservationLabels())
        return IncomingReport(file: try file(key, partName, Data(text.utf8)), partName: partName, format: "plain-text",
                              report: Report(text: text, language: german), labels: labels)
    }

    func image(_ key: String, _ bytes: [UInt8], partName: String = "pa.png") throws -> IncomingImage {
        IncomingImage(file: try file(key, partName, Data(bytes)), partName: partName, format: "png", width: 3, height: 2,
                      bitsPerSample: 8, photometric: "MONOCHROME2", view: "PA")
    }

    /// Stores a translation through the memory, with the quality filters' real verdict.
    func translate(_ source: String, from: LanguageCode = .english, to target: LanguageCode, _ output: String,
                   engine: String = "test-engine") throws {
        let decision = QualityFilter().evaluate(source: source, output: output, from: from, to: target)
        try memory.insert([MemoryEntry(key: MemoryKey(source: source, from: from, to: target, engine: engine), sourceText: source,
                                       output: output, logProb: nil, decision: decision, audit: false)])
    }

    /// Version 1: study `s1` with an English report, a German report and an image; translations
    /// of its English sentences (two kept, one rejected as a copy).
    func ingestFirstStudy() throws {
        let english = try englishReport("s1", [("No pneumothorax.", Self.noPneumothorax),
                                               ("Small left pleural effusion.", Self.effusion)])
        let germanReport = try germanReport("s1", ["Kein Pneumothorax.", "Kleiner Erguss links."])
        let result = try store.commit(IngestBatch(studies: [
            IncomingStudy(key: "s1", reports: [english, germanReport], images: [image("s1", [1, 2, 3])]),
        ]))
        #expect(result.version == 1)
        try translate("No pneumothorax.", to: german, "Kein Pneumothorax.")
        try translate("No   pneumothorax. ", to: french, "Pas de pneumothorax.")
        try translate("Small left pleural effusion.", to: german, "Small left pleural effusion.")
    }
}
