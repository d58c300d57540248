public import Foundation

/// A checkpoint's `training.json`: where the weights came from and how they were trained
/// (DESIGN.md §3). Written by the Swift and the PyTorch trainer alike.
public struct TrainingRecord: Codable, Sendable, Equatable {
    /// The checkpoint this one continued from (its folder name or hash), `nil` for a fresh start.
    public var parentModel: String?
    /// The corpus version the training data came from.
    public var corpusVersion: Int?
    /// Optimiser steps taken in this run.
    public var steps: Int
    /// Learning rate, batch size, weight decay, … by name.
    public var hyperparameters: [String: Double]
    /// Evaluation results (zero-shot accuracy, Recall@K per language, final loss, …) by name.
    public var metrics: [String: Double]
    /// Free-form facts (preset, trainer, host, …).
    public var notes: [String: String]
    /// When the checkpoint was written (ISO 8601).
    public var createdAt: String
    /// `[step, mean loss]` points of the run.
    public var lossCurve: [[Double]] = []
    /// Items drawn during the run: texts per language, and `images`.
    public var itemsSeen: [String: Int] = [:]
    /// The eval gate's verdict (`passed`, `refused`) and its reasons.
    public var verdict: String?
    public var gateReasons: [String] = []

    public init(parentModel: String? = nil, corpusVersion: Int? = nil, steps: Int = 0, hyperparameters: [String: Double] = [:],
                metrics: [String: Double] = [:], notes: [String: String] = [:], createdAt: Date = Date()) {
        self.parentModel = parentModel
        self.corpusVersion = corpusVersion
        self.steps = steps
        self.hyperparameters = hyperparameters
        self.metrics = metrics
        self.notes = notes
        self.createdAt = ISO8601DateFormatter().string(from: createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case parentModel = "parent_model", corpusVersion = "corpus_version", steps, hyperparameters, metrics, notes
        case createdAt = "created_at", lossCurve = "loss_curve", itemsSeen = "items_seen", verdict, gateReasons = "gate_reasons"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parentModel = try c.decodeIfPresent(String.self, forKey: .parentModel)
        corpusVersion = try c.decodeIfPresent(Int.self, forKey: .corpusVersion)
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? 0
        hyperparameters = try c.decodeIfPresent([String: Double].self, forKey: .hyperparameters) ?? [:]
        metrics = try c.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:]
        notes = try c.decodeIfPresent([String: String].self, forKey: .notes) ?? [:]
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt) ?? ""
        lossCurve = try c.decodeIfPresent([[Double]].self, forKey: .lossCurve) ?? []
        itemsSeen = try c.decodeIfPresent([String: Int].self, forKey: .itemsSeen) ?? [:]
        verdict = try c.decodeIfPresent(String.self, forKey: .verdict)
        gateReasons = try c.decodeIfPresent([String].self, forKey: .gateReasons) ?? []
    }
}
