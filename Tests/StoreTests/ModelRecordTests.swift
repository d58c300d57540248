import Foundation
import GRDB
import Testing
@testable import Store

@Suite struct ModelRecordTests {
    func model(_ id: String, parent: String? = nil, at seconds: TimeInterval, version: Int = 1) -> ModelRecord {
        ModelRecord(id: id, parentId: parent, corpusVersion: version, createdAt: Date(timeIntervalSince1970: seconds),
                    preset: "tiny", backend: "swift-cpu", objective: "semantic-matching", metrics: ["loss": 2.5], note: "test")
    }

    @Test func theMigrationMakesTheTrainingTables() throws {
        let temporary = try TemporaryStore(inMemory: true)
        let tables = try temporary.store.reader.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables.contains("model") && tables.contains("derivedLabel"))
        #expect(temporary.store.layout.models.path.hasSuffix("/models"))
        #expect(temporary.store.layout.modelsCurrent.path.hasSuffix("/models/current"))
        #expect(temporary.store.layout.modelFolder(id: "m-1").path == temporary.store.layout.models.path + "/m-1")
    }

    @Test func modelRecordsRoundTripNewestFirst() throws {
        // Given two models, the second continuing from the first
        let temporary = try TemporaryStore()
        let store = temporary.store
        let first = model("m-20261203-055500-ab12", at: 1_800_000_000)
        let second = model("m-20261204-010000-cd34", parent: first.id, at: 1_800_100_000, version: 2)
        try store.recordModel(first)
        try store.recordModel(second)

        // Then they read back equal, newest first
        #expect(try store.models() == [second, first])
        #expect(try store.model(id: first.id) == first)
        #expect(try store.model(id: "m-none") == nil)
        #expect(first.verdict == .running)

        // When recorded again with the same id, the record is replaced
        var updated = first
        updated.note = "re-recorded"
        updated.metrics = ["loss": 1.25, "accuracy": 0.5]
        try store.recordModel(updated)
        #expect(try store.model(id: first.id) == updated)
        #expect(try store.models().count == 2)
    }

    @Test func theVerdictIsSetAndMetricsAdded() throws {
        let temporary = try TemporaryStore(inMemory: true)
        let store = temporary.store
        try store.recordModel(model("m-1", at: 1))
        try store.setVerdict(id: "m-1", verdict: .passed, metrics: ["zeroShotAccuracy": 0.61, "loss": 2.0])
        let record = try #require(try store.model(id: "m-1"))
        #expect(record.verdict == .passed)
        #expect(record.metrics == ["loss": 2.0, "zeroShotAccuracy": 0.61])
        #expect(throws: StoreError.self) { try store.setVerdict(id: "m-none", verdict: .failed) }
        #expect(throws: StoreError.self) { try store.recordModel(ModelRecord(id: "m-2", corpusVersion: 1, preset: "tiny", backend: "b",
                                                                           objective: "o", metrics: ["loss": .nan])) }
    }

    @Test func derivedLabelsRoundTripPerModel() throws {
        // Given two models
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.recordModel(model("m-1", at: 1))
        try store.recordModel(model("m-2", at: 2))

        // When each saves U-SelfTrained probabilities
        try store.saveDerivedLabels(modelId: "m-1", [("image:12", "Consolidation", 0.75), ("sentence:7", "Consolidation", 0.125),
                                                     ("image:12", "Pneumonia", 0.5)])
        try store.saveDerivedLabels(modelId: "m-2", [("image:12", "Consolidation", 0.25)])
        // And one is saved again with a new probability
        try store.saveDerivedLabels(modelId: "m-1", [("sentence:7", "Consolidation", 0.375)])

        // Then each model reads back its own
        #expect(try store.derivedLabels(modelId: "m-1") == ["image:12": ["Consolidation": 0.75, "Pneumonia": 0.5],
                                                            "sentence:7": ["Consolidation": 0.375]])
        #expect(try store.derivedLabels(modelId: "m-2") == ["image:12": ["Consolidation": 0.25]])
        #expect(try store.derivedLabels(modelId: "m-3").isEmpty)

        // And bad input stores nothing
        #expect(throws: StoreError.self) { try store.saveDerivedLabels(modelId: "m-3", [("image:1", "Consolidation", 0.5)]) }
        #expect(throws: StoreError.self) { try store.saveDerivedLabels(modelId: "m-1", [("image:1", "Consolidated", 0.5)]) }
        #expect(throws: StoreError.self) { try store.saveDerivedLabels(modelId: "m-1", [("image:1", "Consolidation", 1.5)]) }
        #expect(try store.derivedLabels(modelId: "m-1").count == 2)
    }
}
