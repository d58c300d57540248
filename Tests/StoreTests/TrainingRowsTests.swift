import Foundation
import Radiology
import Testing
import Translation
@testable import Store

@Suite struct TrainingRowsTests {
    @Test func sentencesAndKeptTranslationsCarryTheirLabels() throws {
        // Given a study with an English report, a German report and an image, and translations
        let fixture = try TrainingCorpusFixture()
        try fixture.ingestFirstStudy()
        #expect(try fixture.memory.lookup(MemoryKey(source: "Small left pleural effusion.", from: .english, to: fixture.german,
                                                    engine: "test-engine"))?.decision.isKept == false)

        // When the training rows are read
        let rows = try fixture.store.trainingRows()

        // Then the image carries the study's report label
        #expect(rows.version == 1)
        #expect(rows.images.count == 1)
        let image = try #require(rows.images.first)
        #expect(image.studyKey == "s1" && image.width == 3 && image.height == 2 && image.addedVersion == 1)
        #expect(image.sha256 == ContentHash(of: Data([1, 2, 3])).hex)
        var aggregate = TrainingCorpusFixture.noPneumothorax
        aggregate.merge(TrainingCorpusFixture.effusion)
        #expect(image.reportStates == LabelStatesCode.encode(aggregate))

        #expect(image.awaitingLabels == false)

        // And the texts are the sentences (the German ones not labeled yet) and the kept
        // translations with the English sentence's labels; the rejected copy is not there, and the
        // labeled German translation takes the place of the identical unlabeled German sentence
        #expect(rows.texts.map(\.text) == ["No pneumothorax.", "Small left pleural effusion.", "Kein Pneumothorax.",
                                           "Kleiner Erguss links.", "Pas de pneumothorax."])
        #expect(rows.texts.map(\.language) == ["eng_Latn", "eng_Latn", "deu_Latn", "deu_Latn", "fra_Latn"])
        #expect(rows.texts.map(\.origin) == [.sentence, .sentence, .translation, .sentence, .translation])
        #expect(rows.texts.map(\.labeled) == [true, true, true, false, true])
        #expect(rows.texts.allSatisfy { $0.studyKey == "s1" && $0.addedVersion == 1 })
        let noPneumothorax = LabelStatesCode.encode(TrainingCorpusFixture.noPneumothorax)
        let nothing = LabelStatesCode.encode(ObservationLabels())
        #expect(rows.texts.map(\.states) == [noPneumothorax, LabelStatesCode.encode(TrainingCorpusFixture.effusion),
                                             noPneumothorax, nothing, noPneumothorax])
        #expect(rows.texts[0].id.hasPrefix("sentence:") && rows.texts[2].id.hasPrefix("translation:"))
        #expect(Set(rows.texts.map(\.id)).count == rows.texts.count)
        // Each translation names the English sentence it translates.
        let firstSentence = Int64(rows.texts[0].id.dropFirst("sentence:".count))
        #expect(rows.texts[2].sourceSentenceID == firstSentence && rows.texts[4].sourceSentenceID == firstSentence)
        #expect(rows.texts[0].sourceSentenceID == nil)
    }

    @Test func imagesSayWhetherTheirStudyAwaitsLabels() throws {
        // Given a study with a German report only, and an image with no report at all
        let fixture = try TrainingCorpusFixture()
        let german = try fixture.germanReport("g1", ["Kein Erguss."])
        _ = try fixture.store.commit(IngestBatch(studies: [
            IncomingStudy(key: "g1", reports: [german], images: [fixture.image("g1", [1])]),
            IncomingStudy(key: "u1", images: [fixture.image("u1", [2], partName: "u1.png")]),
        ]))
        // Then neither has report labels; only the first awaits them
        let images = try fixture.store.trainingRows().images
        #expect(images.map(\.studyKey) == ["g1", "u1"])
        #expect(images.map(\.reportStates) == [nil, nil])
        #expect(images.map(\.awaitingLabels) == [true, false])
    }

    @Test func pivotLabeledSentencesJoinAndIdenticalTextsAppearOnce() throws {
        // Given the first study, and German→English translations of its German report
        let fixture = try TrainingCorpusFixture()
        try fixture.ingestFirstStudy()
        try fixture.translate("Kein Pneumothorax.", from: fixture.german, to: .english, "No pneumothorax.")
        try fixture.translate("Kleiner Erguss links.", from: fixture.german, to: .english, "Small effusion on the left.")

        // When the German report is labeled through English (a new version)
        let version = try fixture.store.labelFromEnglishPivot(
            engine: "test-engine", memory: fixture.memory, labelerVersion: "test-1",
            labelReport: { _ in TrainingCorpusFixture.effusion },
            labelSentence: { $0.contains("pneumothorax") ? TrainingCorpusFixture.noPneumothorax : TrainingCorpusFixture.effusion })
        #expect(version == 2)
        let rows = try fixture.store.trainingRows()

        // Then the German sentences are texts in German with their pivot labels; the German
        // translation of the same text in the same study appears once (as the sentence), and no
        // translation into English is a text
        #expect(rows.texts.filter { $0.language == "deu_Latn" }.map(\.text) == ["Kein Pneumothorax.", "Kleiner Erguss links."])
        #expect(rows.texts.filter { $0.language == "deu_Latn" }.map(\.origin) == [.sentence, .sentence])
        #expect(rows.texts.allSatisfy { $0.labeled })
        #expect(rows.texts.first { $0.text == "Kleiner Erguss links." }?.states == LabelStatesCode.encode(TrainingCorpusFixture.effusion))
        #expect(rows.texts.filter { $0.language == "eng_Latn" }.count == 2)
        #expect(rows.texts.count == 5)
        // And the image's study now has two labeled reports, merged
        #expect(rows.images.first?.reportStates == LabelStatesCode.encode({
            var merged = TrainingCorpusFixture.noPneumothorax
            merged.merge(TrainingCorpusFixture.effusion)
            return merged
        }()))
        // And as of version 1 the German sentences were not labeled yet (one of them gave way to
        // the identical labeled translation)
        let before = try fixture.store.trainingRows(asOf: 1).texts.filter { $0.origin == .sentence && $0.language == "deu_Latn" }
        #expect(before.map(\.text) == ["Kleiner Erguss links."] && before.allSatisfy { !$0.labeled })
    }

    @Test func asOfAnOlderVersionLeavesOutNewerAndRemovedRows() throws {
        let fixture = try TrainingCorpusFixture()
        try fixture.ingestFirstStudy()
        // Version 2: a second study, a report alone (its image has no labeled report elsewhere)
        let second = try fixture.englishReport("s2", [("The heart is enlarged.", TrainingCorpusFixture.cardiomegaly)])
        #expect(try fixture.store.commit(IngestBatch(studies: [IncomingStudy(key: "s2", reports: [second])])).version == 2)
        try fixture.translate("The heart is enlarged.", to: fixture.german, "Das Herz ist vergrößert.")
        // Version 3: s1's English report is corrected and its image replaced; an unpaired image arrives
        let corrected = try fixture.englishReport("s1", [("Large left pleural effusion.", TrainingCorpusFixture.effusion)])
        let replaced = try fixture.image("s1", [4, 5, 6])
        let unpaired = try fixture.image("u1", [7, 7], partName: "u1.png")
        let third = try fixture.store.commit(IngestBatch(studies: [IncomingStudy(key: "s1", reports: [corrected], images: [replaced]),
                                                                   IncomingStudy(key: "u1", images: [unpaired])]))
        #expect(third.version == 3 && third.rowsRemoved == 2)

        let v1 = try fixture.store.trainingRows(asOf: 1)
        #expect(v1.version == 1)
        #expect(v1.texts.count == 5 && !v1.texts.contains { $0.studyKey == "s2" })
        #expect(v1.images.map(\.sha256) == [ContentHash(of: Data([1, 2, 3])).hex])

        let v2 = try fixture.store.trainingRows(asOf: 2)
        #expect(v2.texts.filter { $0.studyKey == "s2" }.map(\.text) == ["The heart is enlarged.", "Das Herz ist vergrößert."])
        #expect(v2.texts.filter { $0.studyKey == "s2" }.allSatisfy {
            $0.addedVersion == 2 && $0.states == LabelStatesCode.encode(TrainingCorpusFixture.cardiomegaly)
        })
        #expect(v2.texts.count == 7)

        // The newest: the corrected report's sentence replaces the old ones (and their
        // translations), the replaced image is gone, the unpaired image has no report label
        let v3 = try fixture.store.trainingRows()
        #expect(v3.version == 3)
        let s1 = v3.texts.filter { $0.studyKey == "s1" }
        #expect(s1.map(\.text) == ["Kein Pneumothorax.", "Kleiner Erguss links.", "Large left pleural effusion."])
        #expect(s1.map(\.addedVersion) == [1, 1, 3] && s1.map(\.origin) == [.sentence, .sentence, .sentence])
        #expect(v3.texts.count == 5)
        #expect(v3.images.map(\.studyKey) == ["s1", "u1"])
        #expect(v3.images[0].sha256 == ContentHash(of: Data([4, 5, 6])).hex && v3.images[0].addedVersion == 3)
        #expect(v3.images[0].reportStates == LabelStatesCode.encode(TrainingCorpusFixture.effusion))
        #expect(v3.images[1].reportStates == nil)
    }

    @Test func anEmptyStoreHasNoRows() throws {
        let temporary = try TemporaryStore(inMemory: true)
        let rows = try temporary.store.trainingRows()
        #expect(rows == TrainingRows(version: 0, images: [], texts: []))
    }
}
