import Foundation
public import Radiology
public import Store
public import Translation

/// One pass of the LLM judge over the audit sample: everything this judge (model + rubric) has
/// not scored yet — so a stopped run resumes where it stopped and failures are tried again —
/// `concurrency` requests at a time, each verdict stored as it arrives.
///
/// What leaves the machine: the source sentence and the translation (both scrubbed again by the
/// de-identifier, over the scrub the store's text already had at ingest) and their language names.
/// Nothing else of the study — no key, no id, no other sentence.
public struct AuditJudgeRun: Sendable {
    public let store: CorpusStore
    public let judge: TranslationJudge
    public let concurrency: Int
    public let deidentifier: Deidentifier
    /// Judge at most this many (nil: all that are left).
    public var limit: Int?

    public init(store: CorpusStore, judge: TranslationJudge, concurrency: Int, deidentifier: Deidentifier, limit: Int? = nil) {
        self.store = store
        self.judge = judge
        self.concurrency = max(1, concurrency)
        self.deidentifier = deidentifier
        self.limit = limit
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var model: String
        public var promptVersion: String
        /// Audit rows in the sample, and those this judge had scored before the run.
        public var sampled: Int
        public var alreadyScored: Int
        public var scored: Int
        public var failed: Int
        /// Requests sent (retries included).
        public var requests: Int
        public var seconds: Double
        /// The first failures, `id: why`.
        public var failures: [String]
    }

    public func run(progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> Summary {
        let model = judge.client.model, version = judge.rubric.version
        var pending = try store.auditItemsToJudge(model: model, promptVersion: version)
        let alreadyScored = try store.auditJudges().first { $0.model == model && $0.promptVersion == version }?.scored ?? 0
        let sampled = pending.count + alreadyScored
        if let limit { pending = Array(pending.prefix(limit)) }
        let started = Date()
        var summary = Summary(model: model, promptVersion: version, sampled: sampled, alreadyScored: alreadyScored,
                              scored: 0, failed: 0, requests: 0, seconds: 0, failures: [])
        let inputs = pending.compactMap { item -> TranslationJudge.Input? in
            guard let source = LanguageCode(item.sourceLanguage), let target = LanguageCode(item.targetLanguage) else { return nil }
            return TranslationJudge.Input(id: item.id, source: deidentifier.scrub(item.source).text,
                                          translation: deidentifier.scrub(item.output).text, sourceLanguage: source, targetLanguage: target)
        }
        let judge = self.judge
        try await withThrowingTaskGroup(of: (Int64, TranslationJudge.Outcome).self) { group in
            var next = 0
            func startNext() {
                guard next < inputs.count else { return }
                let input = inputs[next]
                next += 1
                group.addTask { (input.id, await judge.judge(input)) }
            }
            for _ in 0..<min(concurrency, inputs.count) { startNext() }
            var done = 0
            while let (id, outcome) = try await group.next() {
                switch outcome {
                case .scored(let scores, let attempts):
                    try store.recordJudgement(AuditJudgement(translationID: id, model: model, promptVersion: version,
                                                             scores: scores, failure: nil, attempts: attempts))
                    summary.scored += 1
                    summary.requests += attempts
                case .failed(let why, let attempts):
                    try store.recordJudgement(AuditJudgement(translationID: id, model: model, promptVersion: version,
                                                             scores: nil, failure: why, attempts: attempts))
                    summary.failed += 1
                    summary.requests += attempts
                    if summary.failures.count < 10 { summary.failures.append("\(id): \(why)") }
                }
                done += 1
                progress?(done, inputs.count)
                if !Task.isCancelled { startNext() }
            }
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
