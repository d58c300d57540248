public import Foundation
import GRDB
import Radiology

extension CorpusStore {
    /// Adds a model, or replaces the record of the model with the same id (its derived labels stay).
    public func recordModel(_ model: ModelRecord) throws {
        let metrics = try Self.encodeMetrics(model.metrics)
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO model (id, parentId, corpusVersion, createdAt, preset, backend, objective, verdict, metrics, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    parentId = excluded.parentId, corpusVersion = excluded.corpusVersion, createdAt = excluded.createdAt,
                    preset = excluded.preset, backend = excluded.backend, objective = excluded.objective,
                    verdict = excluded.verdict, metrics = excluded.metrics, note = excluded.note
                """, arguments: [model.id, model.parentId, model.corpusVersion, model.createdAt, model.preset, model.backend,
                                 model.objective, model.verdict.rawValue, metrics, model.note])
        }
    }

    /// Every recorded model, newest first.
    public func models() throws -> [ModelRecord] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM model ORDER BY createdAt DESC, id DESC").map(Self.modelRecord)
        }
    }

    /// The model with this id, if recorded.
    public func model(id: String) throws -> ModelRecord? {
        try reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM model WHERE id = ?", arguments: [id]).map(Self.modelRecord)
        }
    }

    /// Sets a model's verdict and adds `metrics` to its metrics (a name already there takes the new
    /// value). Throws when no model has this id.
    public func setVerdict(id: String, verdict: ModelRecord.Verdict, metrics: [String: Double] = [:]) throws {
        try writer.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT metrics FROM model WHERE id = ?", arguments: [id]) else {
                throw StoreError("no model \(id)")
            }
            var merged = try Self.decodeMetrics(text, model: id)
            merged.merge(metrics) { _, new in new }
            try db.execute(sql: "UPDATE model SET verdict = ?, metrics = ? WHERE id = ?",
                           arguments: [verdict.rawValue, try Self.encodeMetrics(merged), id])
        }
    }

    /// Stores U-SelfTrained probabilities a model predicted: item id (`image:12`, `sentence:7`,
    /// `translation:3`), CheXpert observation name (`Consolidation`) and probability in 0…1. A
    /// triple already stored for this model takes the new probability. One transaction; throws
    /// (storing nothing) on an unknown model, an unknown observation or a probability out of range.
    public func saveDerivedLabels(modelId: String, _ labels: [(itemId: String, observation: String, probability: Double)],
                                  now: Date = Date()) throws {
        for label in labels {
            guard Observation(rawValue: label.observation) != nil else {
                throw StoreError("derived label of \(label.itemId): '\(label.observation)' is not a CheXpert observation")
            }
            guard (0...1).contains(label.probability) else {
                throw StoreError("derived label of \(label.itemId) (\(label.observation)): probability \(label.probability) is not in 0…1")
            }
        }
        let createdAt = Self.timestamp(now)
        try writer.write { db in
            guard try String.fetchOne(db, sql: "SELECT id FROM model WHERE id = ?", arguments: [modelId]) != nil else {
                throw StoreError("no model \(modelId)")
            }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO derivedLabel (itemId, observation, probability, modelId, createdAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (itemId, observation, modelId) DO UPDATE SET probability = excluded.probability, createdAt = excluded.createdAt
                """)
            for label in labels {
                try statement.execute(arguments: [label.itemId, label.observation, label.probability, modelId, createdAt])
            }
        }
    }

    /// The probabilities a model derived: item id → observation name → probability.
    public func derivedLabels(modelId: String) throws -> [String: [String: Double]] {
        try reader.read { db in
            var labels: [String: [String: Double]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT itemId, observation, probability FROM derivedLabel WHERE modelId = ?",
                                           arguments: [modelId])
            while let row = try rows.next() {
                labels[row[0], default: [:]][row[1]] = row[2]
            }
            return labels
        }
    }

    private static func modelRecord(_ row: Row) throws -> ModelRecord {
        let id: String = row["id"]
        let verdictText: String = row["verdict"]
        guard let verdict = ModelRecord.Verdict(rawValue: verdictText) else {
            throw StoreError("model \(id) has the unknown verdict '\(verdictText)'")
        }
        return ModelRecord(id: id, parentId: row["parentId"], corpusVersion: row["corpusVersion"], createdAt: row["createdAt"] as String,
                           preset: row["preset"], backend: row["backend"], objective: row["objective"], verdict: verdict,
                           metrics: try decodeMetrics(row["metrics"], model: id), note: row["note"])
    }

    private static func encodeMetrics(_ metrics: [String: Double]) throws -> String {
        for (name, value) in metrics where !value.isFinite {
            throw StoreError("metric \(name) is \(value): only finite numbers can be stored")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(metrics), as: UTF8.self)
    }

    private static func decodeMetrics(_ text: String, model id: String) throws -> [String: Double] {
        do {
            return try JSONDecoder().decode([String: Double].self, from: Data(text.utf8))
        } catch {
            throw StoreError("model \(id) has unreadable metrics: \(error)")
        }
    }
}
