import Foundation
public import Radiology

/// NLLB-200 through CTranslate2, in a supervised Python worker (`Workers/translate/worker.py`).
///
/// The worker starts on first use and is health-checked by `availability()` (a `ping`). When it
/// dies or a batch outlives `batchTimeoutSeconds`, it is killed and restarted with exponential
/// backoff, and the batch in flight is sent again (up to `attemptsPerBatch` tries), so nothing is
/// lost; a batch that still fails throws `.unavailable` and its sentences stay pending.
public actor CTranslate2Engine: TranslationEngine {
    public nonisolated let options: WorkerOptions
    public nonisolated let identifier: String
    private let mailbox = WorkerMailbox()
    private var worker: WorkerProcess?
    private var generation = 0
    private var starting: Task<WorkerProcess, any Error>?
    private var nextRequestID = 1
    private var consecutiveFailures = 0
    private var nextStartAllowed = ContinuousClock.now
    private var lastFailure: String?
    private var requestsInFlight = 0
    /// Workers started so far (restarts included), for status and tests.
    public private(set) var starts = 0

    public init(options: WorkerOptions) {
        self.options = options
        self.identifier = "ctranslate2:\(options.modelID)"
    }

    /// The running worker's process id (tests kill it to check recovery).
    public var workerProcessID: Int32? { worker.map(\.pid) }

    public func availability() async -> EngineAvailability {
        if let missing = options.missingPiece() { return .unavailable(missing) }
        if worker == nil, starting == nil, ContinuousClock.now < nextStartAllowed {
            let wait = nextStartAllowed - ContinuousClock.now
            return .unavailable("worker restarting in \(wait.components.seconds + 1) s after: \(lastFailure ?? "a failure")")
        }
        // A worker busy with a batch is healthy as far as we know; a ping would queue behind it.
        if requestsInFlight > 0, worker != nil { return .available }
        do {
            let running = try await runningWorker()
            _ = try await request(["op": .string("ping")], to: running, timeout: min(options.batchTimeoutSeconds, 30))
            return .available
        } catch {
            recordFailure("\(error)")
            return .unavailable("\(error)")
        }
    }

    public func translate(_ texts: [String], from source: LanguageCode, to target: LanguageCode) async throws -> [EngineTranslation] {
        guard !texts.isEmpty else { return [] }
        let payload: [String: JSONValue] = ["op": .string("translate"), "source": .string(source.rawValue),
                                            "target": .string(target.rawValue), "texts": .array(texts.map { .string($0) })]
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            do {
                let running = try await runningWorker()
                let answer = try await request(payload, to: running, timeout: options.batchTimeoutSeconds)
                consecutiveFailures = 0
                return try Self.translations(in: answer, expected: texts.count)
            } catch let error as TranslationEngineError where error.code == .workerExited || error.code == .timeout {
                recordFailure("\(error)")
                if attempt >= options.attemptsPerBatch {
                    throw TranslationEngineError(.unavailable, "batch failed after \(attempt) tries: \(error.message)")
                }
                let wait = nextStartAllowed - ContinuousClock.now
                if wait > .zero { try await Task.sleep(for: wait) }
            }
        }
    }

    /// Stops the worker (graceful: stdin closed, then killed after two seconds).
    public func shutdown() {
        starting?.cancel()
        if let worker {
            self.worker = nil
            worker.stop(within: 2)
        }
    }

    // MARK: - Supervision

    private func runningWorker() async throws -> WorkerProcess {
        if let worker, worker.isRunning { return worker }
        worker = nil
        if let starting { return try await starting.value }
        if let missing = options.missingPiece() { throw TranslationEngineError(.unavailable, missing) }
        let wait = nextStartAllowed - ContinuousClock.now
        if wait > .zero { try await Task.sleep(for: wait) }
        let task = Task { try await self.start() }
        starting = task
        defer { starting = nil }
        return try await task.value
    }

    private func start() async throws -> WorkerProcess {
        generation += 1
        let generation = self.generation
        let mailbox = self.mailbox
        starts += 1
        let process: WorkerProcess
        do {
            process = try WorkerProcess(
                executable: options.python, arguments: options.arguments,
                onLine: { mailbox.deliver($0, generation: generation) },
                onExit: { mailbox.workerExited(generation: generation) })
        } catch {
            recordFailure("cannot start \(options.python.path): \(error)")
            throw TranslationEngineError(.unavailable, "cannot start the worker: \(error)")
        }
        let ready: [String: JSONValue]
        do {
            ready = try await withTimeout(options.startTimeoutSeconds, onTimeout: {
                mailbox.failReady(generation: generation, TranslationEngineError(.timeout, "the model did not load in \(Int(self.options.startTimeoutSeconds)) s"))
            }) {
                try await withCheckedThrowingContinuation { mailbox.waitReady(generation: generation, $0) }
            }
        } catch {
            process.kill()
            recordFailure("worker start: \(error)")
            throw TranslationEngineError(.unavailable, "the worker did not start: \(error)")
        }
        guard ready["event"]?.string == "ready" else {
            process.kill()
            let reason = ready["error"]?.string ?? "no ready line"
            recordFailure("worker start: \(reason)")
            throw TranslationEngineError(.unavailable, "the worker did not start: \(reason)")
        }
        worker = process
        return process
    }

    private func request(_ payload: [String: JSONValue], to process: WorkerProcess, timeout: Double) async throws -> [String: JSONValue] {
        let id = nextRequestID
        nextRequestID += 1
        requestsInFlight += 1
        defer { requestsInFlight -= 1 }
        var message = payload
        message["id"] = .number(Double(id))
        let line = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        let generation = self.generation
        let mailbox = self.mailbox
        let answer = try await withTimeout(timeout, onTimeout: {
            mailbox.fail(id: id, TranslationEngineError(.timeout, "no answer in \(Int(timeout)) s"))
            process.kill()
        }) {
            try await withCheckedThrowingContinuation { continuation in
                mailbox.wait(id: id, generation: generation, continuation)
                if !process.send(line) { mailbox.workerExited(generation: generation) }
            }
        }
        if answer["ok"]?.bool == true { return answer }
        throw TranslationEngineError(.rejected, answer["error"]?.string ?? "the worker refused the request")
    }

    private func recordFailure(_ text: String) {
        worker?.kill()
        worker = nil
        consecutiveFailures += 1
        lastFailure = text
        let delay = min(options.restartBackoffMaxSeconds,
                        options.restartBackoffSeconds * pow(2, Double(min(consecutiveFailures - 1, 20))))
        nextStartAllowed = ContinuousClock.now + .seconds(delay)
    }

    static func translations(in answer: [String: JSONValue], expected: Int) throws -> [EngineTranslation] {
        guard case .array(let items)? = answer["translations"], items.count == expected else {
            throw TranslationEngineError(.badResponse, "expected \(expected) translations")
        }
        return try items.map { item in
            guard case .object(let fields) = item, let text = fields["text"]?.string else {
                throw TranslationEngineError(.badResponse, "a translation without text")
            }
            return EngineTranslation(text: text, logProb: fields["logprob"]?.number)
        }
    }
}

/// Runs `body`; after `seconds` calls `onTimeout` (which must make `body` finish, e.g. by failing
/// its continuation) unless `body` finished first.
func withTimeout<T: Sendable>(_ seconds: Double, onTimeout: @escaping @Sendable () -> Void,
                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            if !Task.isCancelled { onTimeout() }
            return nil
        }
        while let next = try await group.next() {
            if let value = next {
                group.cancelAll()
                return value
            }
        }
        throw TranslationEngineError(.timeout, "timed out")
    }
}
