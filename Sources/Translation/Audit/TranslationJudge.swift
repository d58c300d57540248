public import Radiology

/// Scores one translation of the audit sample with an LLM over an OpenAI-compatible endpoint,
/// under a fixed rubric, with the retry policy of the audit:
/// - an answer that is not the rubric's JSON is asked again once, then recorded as a failure;
/// - 429: every worker waits the server's Retry-After (else 1, 2, 4… s), up to `maxRateLimitWaits`;
/// - a timeout, 5xx or unreachable endpoint: retried after 1, 2, 4… s, up to `maxTransientFailures`;
/// - any other 4xx (bad token, unknown model): a failure at once.
///
/// Only the two sentences and their languages are sent.
public struct TranslationJudge: Sendable {
    public struct Input: Sendable, Equatable {
        public var id: Int64
        public var source: String
        public var translation: String
        public var sourceLanguage: LanguageCode
        public var targetLanguage: LanguageCode

        public init(id: Int64, source: String, translation: String, sourceLanguage: LanguageCode, targetLanguage: LanguageCode) {
            self.id = id
            self.source = source
            self.translation = translation
            self.sourceLanguage = sourceLanguage
            self.targetLanguage = targetLanguage
        }
    }

    public enum Outcome: Sendable, Equatable {
        case scored(JudgeScores, attempts: Int)
        case failed(String, attempts: Int)
    }

    public let client: ChatCompletionsClient
    public let rubric: JudgeRubric
    public let pacer: RequestPacer
    public var maxRateLimitWaits = 6
    public var maxTransientFailures = 3
    /// The first back-off in seconds (doubling, at most `maxBackoffSeconds`); also the wait after a
    /// 429 without Retry-After.
    public var backoffSeconds = 1.0
    public var maxBackoffSeconds = 60.0

    public init(client: ChatCompletionsClient, rubric: JudgeRubric = .current, pacer: RequestPacer) {
        self.client = client
        self.rubric = rubric
        self.pacer = pacer
    }

    public func messages(for input: Input) -> [ChatCompletionsClient.Message] {
        func named(_ code: LanguageCode) -> String { "\(LanguageTable.profile(for: code).name) (\(code.rawValue))" }
        return [
            .init(role: "system", content: rubric.system),
            .init(role: "user", content: rubric.userMessage(source: input.source, translation: input.translation,
                                                            sourceLanguage: named(input.sourceLanguage),
                                                            targetLanguage: named(input.targetLanguage))),
        ]
    }

    public func judge(_ input: Input) async -> Outcome {
        let messages = messages(for: input)
        var attempts = 0, malformed = 0, rateLimited = 0, transient = 0
        while true {
            if Task.isCancelled { return .failed("cancelled", attempts: attempts) }
            await pacer.waitForTurn()
            attempts += 1
            do throws(ChatCompletionError) {
                let content = try await client.complete(messages)
                do {
                    return .scored(try JudgeScores.parse(content), attempts: attempts)
                } catch {
                    malformed += 1
                    if malformed >= 2 { return .failed("malformed answer twice: \(error)", attempts: attempts) }
                }
            } catch {
                switch error.kind {
                case .badResponse:
                    malformed += 1
                    if malformed >= 2 { return .failed("malformed answer twice: \(error)", attempts: attempts) }
                case .rateLimited(let retryAfter):
                    rateLimited += 1
                    if rateLimited > maxRateLimitWaits { return .failed("rate limited \(rateLimited) times: \(error)", attempts: attempts) }
                    await pacer.pause(seconds: min(maxBackoffSeconds, retryAfter ?? backoff(rateLimited)))
                case .timeout, .unavailable:
                    transient += 1
                    if transient >= maxTransientFailures { return .failed("\(error) (\(transient) times)", attempts: attempts) }
                    try? await Task.sleep(for: .seconds(backoff(transient)))
                case .rejected:
                    return .failed("\(error)", attempts: attempts)
                }
            }
        }
    }

    private func backoff(_ failures: Int) -> Double {
        min(maxBackoffSeconds, backoffSeconds * Double(1 << min(failures - 1, 20)))
    }
}
