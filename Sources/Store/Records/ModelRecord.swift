public import Foundation

/// One trained model as the store records it (`model` table): where it came from, what trained
/// it, and what the eval gate said.
public struct ModelRecord: Codable, Sendable, Equatable {
    /// The eval gate's verdict (stored as its raw value).
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// The gate passed it: it may be published.
        case passed
        /// The gate refused it (worse than its parent or below a floor).
        case refused
        /// Training or evaluation failed.
        case failed
        /// Still training or being evaluated.
        case running
    }

    /// `m-20261203-055500-ab12`: also the name of its folder under `StoreLayout.models`.
    public var id: String
    /// The model this one continued from; nil for one trained from the initial weights.
    public var parentId: String?
    /// The corpus version it trained on.
    public var corpusVersion: Int
    /// ISO 8601 with fractional seconds (UTC).
    public var createdAt: String
    public var preset: String
    /// Which trainer ran: `swift-cpu`, `torch-cuda`, …
    public var backend: String
    /// `semantic-matching`, `infonce`, …
    public var objective: String
    public var verdict: Verdict
    /// Training and evaluation figures by name (loss, accuracy, recall@k per language, …).
    public var metrics: [String: Double]
    public var note: String?

    public init(id: String, parentId: String? = nil, corpusVersion: Int, createdAt: Date = Date(), preset: String, backend: String,
                objective: String, verdict: Verdict = .running, metrics: [String: Double] = [:], note: String? = nil) {
        self.init(id: id, parentId: parentId, corpusVersion: corpusVersion, createdAt: Self.timestamp(createdAt), preset: preset,
                  backend: backend, objective: objective, verdict: verdict, metrics: metrics, note: note)
    }

    public init(id: String, parentId: String?, corpusVersion: Int, createdAt: String, preset: String, backend: String,
                objective: String, verdict: Verdict, metrics: [String: Double], note: String?) {
        self.id = id
        self.parentId = parentId
        self.corpusVersion = corpusVersion
        self.createdAt = createdAt
        self.preset = preset
        self.backend = backend
        self.objective = objective
        self.verdict = verdict
        self.metrics = metrics
        self.note = note
    }

    /// The `createdAt` text of `date` (the store's timestamp format).
    public static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
