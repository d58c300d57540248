import Daemon
import Foundation
import Radiology
import Store
import Testing
import Translation

@Suite struct AuditJudgeTests {
    // MARK: reading the judge's answer

    @Test func scoresAreReadFromTheFirstJSONObjectOfTheAnswer() throws {
        let plain = try JudgeScores.parse(#"{"accuracy": 5, "fluency": 4, "consistency": 3, "reason": "Faithful."}"#)
        #expect(plain == JudgeScores(accuracy: 5, fluency: 4, consistency: 3, reason: "Faithful."))
        // Wrapped in prose and a code fence, a brace inside the reason, scores as 4.0 and "2".
        let wrapped = try JudgeScores.parse("""
            Here is my assessment:
            ```json
            {"accuracy": 4.0, "fluency": "2", "consistency": 5, "reason": "Uses {x} oddly."}
            ```
            """)
        #expect(wrapped == JudgeScores(accuracy: 4, fluency: 2, consistency: 5, reason: "Uses {x} oddly."))
        #expect(try JudgeScores.parse(#"{"note": 1} then {"accuracy": 1, "fluency": 1, "consistency": 1}"#).reason == "")
        let long = try JudgeScores.parse(#"{"accuracy": 1, "fluency": 1, "consistency": 1, "reason": "\#(String(repeating: "x", count: 1000))"}"#)
        #expect(long.reason.count == JudgeScores.maxReasonLength)
        for bad in ["I cannot score this.", #"{"accuracy": 6, "fluency": 4, "consistency": 3}"#,
                    #"{"accuracy": 4.5, "fluency": 4, "consistency": 3}"#, #"{"accuracy": true, "fluency": 4, "consistency": 3}"#,
                    #"{"accuracy": 4, "fluency": 4}"#, #"{"accuracy": 0, "fluency": 4, "consistency": 3}"#, "{\"accuracy\": 4,"] {
            #expect(throws: JudgeOutputError.self, "\(bad)") { try JudgeScores.parse(bad) }
        }
    }

    @Test func theRubricIsVersionedAndNeverExpandsPlaceholdersInsideTheText() {
        let message = JudgeRubric.v1.userMessage(source: "No {translation} here.", translation: "Kein Erguss.",
                                                 sourceLanguage: "English (eng_Latn)", targetLanguage: "German (deu_Latn)")
        #expect(message == "Source (English (eng_Latn)):\nNo {translation} here.\n\nTranslation (German (deu_Latn)):\nKein Erguss.")
        #expect(JudgeRubric.named("rubric-v1") == .v1 && JudgeRubric.named("rubric-v0") == nil)
        #expect(JudgeRubric.current.system.contains("\"accuracy\": <1-5>"))
    }

    // MARK: statistics (reference values from scipy.stats.spearmanr and Cohen's formula)

    @Test func spearmanAndQuadraticKappaMatchTheirReferences() throws {
        let rho = try #require(RankCorrelation.spearman([1, 2, 2, 3, 5], [2, 1, 3, 3, 4]))
        #expect(abs(rho - 0.7631578947368421) < 1e-12)
        #expect(RankCorrelation.ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(RankCorrelation.spearman([1, 2, 3], [3, 2, 1]) == -1)
        #expect(RankCorrelation.spearman([4, 4, 4], [1, 2, 3]) == nil, "a constant rater ranks nothing")
        #expect(RankCorrelation.spearman([4], [1]) == nil)

        let kappa = try #require(WeightedKappa.quadratic([1, 2, 3, 4, 5, 3], [1, 3, 3, 5, 4, 2]))
        #expect(abs(kappa - 0.8) < 1e-12)
        #expect(WeightedKappa.quadratic([1, 2, 5], [1, 2, 5]) == 1)
        #expect(WeightedKappa.quadratic([3, 3], [3, 3]) == nil)
        #expect(WeightedKappa.quadratic([], []) == nil)
        // Opposite raters on a spread scale: worse than chance.
        #expect(try #require(WeightedKappa.quadratic([1, 5, 1, 5], [5, 1, 5, 1])) < 0)
    }

    // MARK: the client against a loopback endpoint

    private static let input = TranslationJudge.Input(id: 1, source: "No pleural effusion.", translation: "Kein Pleuraerguss.",
                                                     sourceLanguage: .english, targetLanguage: LanguageCode("deu_Latn")!)

    private static func judge(_ server: LoopbackChatServer, timeout: Double = 5, token: String? = nil) -> TranslationJudge {
        var judge = TranslationJudge(client: ChatCompletionsClient(endpoint: server.endpoint, model: "judge-test", token: token,
                                                                   timeoutSeconds: timeout),
                                     pacer: RequestPacer(requestsPerMinute: 0))
        judge.backoffSeconds = 0.05
        return judge
    }

    @Test func aGoodAnswerIsScoredAndTheRequestIsTheRubricAndTheTwoSentences() async throws {
        let server = try LoopbackChatServer { _ in .completion(#"{"accuracy": 5, "fluency": 5, "consistency": 4, "reason": "Correct."}"#) }
        let outcome = await Self.judge(server, token: "s3cret").judge(Self.input)
        #expect(outcome == .scored(JudgeScores(accuracy: 5, fluency: 5, consistency: 4, reason: "Correct."), attempts: 1))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer s3cret")
        #expect(request.json["model"] as? String == "judge-test" && request.json["temperature"] as? Double == 0)
        let messages = try #require(request.json["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        #expect(messages[0]["content"] == JudgeRubric.current.system)
        #expect(messages[1]["content"] == JudgeRubric.current.userMessage(source: "No pleural effusion.", translation: "Kein Pleuraerguss.",
                                                                         sourceLanguage: "English (eng_Latn)", targetLanguage: "German (deu_Latn)"))
    }

    @Test func aMalformedAnswerIsAskedAgainOnceThenRecordedAsAFailure() async throws {
        let calls = Counter()
        let server = try LoopbackChatServer { _ in
            calls.next() == 1 ? .completion("Sure! The translation is great.") : .completion(#"{"accuracy": 3, "fluency": 3, "consistency": 3}"#)
        }
        #expect(await Self.judge(server).judge(Self.input) == .scored(JudgeScores(accuracy: 3, fluency: 3, consistency: 3), attempts: 2))

        let never = try LoopbackChatServer { _ in .completion(#"{"accuracy": "excellent"}"#) }
        guard case .failed(let why, let attempts) = await Self.judge(never).judge(Self.input) else { Issue.record("scored"); return }
        #expect(attempts == 2 && why.contains("malformed answer twice"))
        // A 200 that is not a chat completion counts the same.
        let notChat = try LoopbackChatServer { _ in .status(200, headers: [:], body: "<html>proxy login</html>") }
        guard case .failed(let notChatWhy, 2) = await Self.judge(notChat).judge(Self.input) else { Issue.record("expected 2 attempts"); return }
        #expect(notChatWhy.contains("not a chat completion"))
    }

    @Test func a429WaitsForRetryAfterThenSucceeds() async throws {
        let calls = Counter()
        let server = try LoopbackChatServer { _ in
            calls.next() == 1 ? .status(429, headers: ["Retry-After": "1"], body: #"{"error": "slow down"}"#)
                              : .completion(#"{"accuracy": 4, "fluency": 4, "consistency": 4}"#)
        }
        let started = Date()
        #expect(await Self.judge(server).judge(Self.input) == .scored(JudgeScores(accuracy: 4, fluency: 4, consistency: 4), attempts: 2))
        #expect(Date().timeIntervalSince(started) >= 0.95, "waited for Retry-After")
        #expect(ChatCompletionsClient.retryAfterSeconds("7") == 7)
        #expect(ChatCompletionsClient.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0, "a date in the past: no wait")
        #expect(ChatCompletionsClient.retryAfterSeconds("soon") == nil)
    }

    @Test func aTimeoutIsRetriedThenRecordedAndOtherClientErrorsFailAtOnce() async throws {
        // The server never answers in time: each attempt ends by the client's timeout (not by the
        // server closing), three attempts, then a failure. No wall-clock bound: under a loaded
        // test run the client's timers can fire late.
        let server = try LoopbackChatServer { _ in .hang(20) }
        guard case .failed(let why, let attempts) = await Self.judge(server, timeout: 1).judge(Self.input) else { Issue.record("scored"); return }
        #expect(attempts == 3 && why.contains("within 1 s"), "\(why)")
        #expect(server.requests.count == 3)

        let unauthorized = try LoopbackChatServer { _ in .status(401, headers: [:], body: #"{"error": "bad token"}"#) }
        guard case .failed(let denied, 1) = await Self.judge(unauthorized).judge(Self.input) else { Issue.record("expected one attempt"); return }
        #expect(denied.contains("HTTP 401"))
        #expect(ChatCompletionsClient.completionsURL(URL(string: "http://h:1/v1")!).absoluteString == "http://h:1/v1/chat/completions")
        #expect(ChatCompletionsClient.completionsURL(URL(string: "http://h:1/api/v4/chat/completions")!).absoluteString
                == "http://h:1/api/v4/chat/completions")
    }

    // MARK: a run over a store's audit sample

    @Test func aRunStoresScoresAndFailuresAndTheNextRunOnlyRetriesTheFailures() async throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CorpusStore.inMemory(blobRoot: folder)
        let german = LanguageCode("deu_Latn")!
        let translator = Translator(engine: PhrasebookEngine(phrases: [
            "No pneumothorax.": "Kein Pneumothorax.", "The lungs are clear.": "The lungs are clear.",
            "Mild cardiomegaly.": "Leichte Kardiomegalie.", "Call Dr. Smith at 555-0100.": "Rufen Sie Dr. Smith unter 555-0100 an.",
        ]), memory: TranslationMemory(persistence: store), sampler: AuditSampler(rate: 1))
        _ = try await translator.translate(["No pneumothorax.", "The lungs are clear.", "Mild cardiomegaly.", "Call Dr. Smith at 555-0100."],
                                           from: .english, to: german)
        let sample = try store.auditSample()
        #expect(sample.count == 4)

        let failing = Flag(true)
        let server = try LoopbackChatServer { request in
            let user = request.userMessage
            if user.contains("Kardiomegalie"), failing.value { return .completion("no idea") }
            // The copy the filters rejected is a perfect "translation" to a lenient judge: over-filtering.
            let accuracy = user.contains("Kein Pneumothorax") ? 5 : user.contains("The lungs are clear.\n\nTranslation") ? 4 : 2
            return .completion(#"{"accuracy": \#(accuracy), "fluency": 4, "consistency": 4, "reason": "ok"}"#)
        }
        let run = AuditJudgeRun(store: store, judge: Self.judge(server), concurrency: 3, deidentifier: try Deidentifier())
        let first = try await run.run()
        #expect(first.sampled == 4 && first.alreadyScored == 0 && first.scored == 3 && first.failed == 1)
        #expect(first.requests == 5, "three answered at once, the malformed one asked twice")
        #expect(first.failures.count == 1 && first.failures[0].contains("malformed answer twice"))
        // Only the sampled sentences leave, de-identified: the name and the number never do.
        let sent = server.requests.map(\.userMessage).joined(separator: "\n")
        #expect(!sent.contains("Smith") && !sent.contains("555-0100"), "\(sent)")

        let judgements = try store.auditJudgements(model: "judge-test", promptVersion: JudgeRubric.current.version)
        #expect(judgements.count == 4 && judgements.values.filter { $0.failure != nil }.count == 1)

        failing.value = false
        let before = server.requests.count
        let second = try await run.run()
        #expect(second.alreadyScored == 3 && second.scored == 1 && second.failed == 0)
        #expect(server.requests.count == before + 1, "resume skips what is scored")
        #expect(try store.auditItemsToJudge(model: "judge-test", promptVersion: JudgeRubric.current.version).isEmpty)
        #expect(try store.auditItemsToJudge(model: "another-judge", promptVersion: JudgeRubric.current.version).count == 4)
        let judges = try store.auditJudges()
        #expect(judges.map(\.model) == ["judge-test"] && judges.first?.promptVersion == "rubric-v1")
        #expect(judges.first?.scored == 4 && judges.first?.failed == 0)

        // Human scores for two of them, then the report.
        let kept = sample.filter { $0.verdict == "keep" }
        try store.recordAuditScores([AuditScore(id: kept[0].id, accuracy: 5, fluency: 4, consistency: 4),
                                     AuditScore(id: kept[1].id, accuracy: 2, fluency: 4, consistency: 3)])
        let report = AuditReport(try store.auditObservations(judge: ("judge-test", "rubric-v1")), judgeModel: "judge-test", promptVersion: "rubric-v1")
        let language = try #require(report.languages.first)
        #expect(report.languages.count == 1 && language.language == "deu_Latn")
        #expect(language.kept.sampled + language.rejected.sampled == 4)
        #expect(language.rejected.judge.count == language.rejected.sampled)
        #expect(report.reasons.first?.reason == "copy" && report.reasons.first?.share == 1, "the judge disputes the copy rejection")
        let accuracy = try #require(language.agreement.first { $0.dimension == .accuracy })
        #expect(accuracy.pairs == 2)
        #expect(try #require(report.overall.kept.judge.accuracy) >= 2)
        let svg = AuditChart(report: report).svg()
        #expect(svg.hasPrefix("<svg") && svg.contains("deu_Latn") && svg.contains("judge-test") && svg.hasSuffix("</svg>\n"))
    }
}

/// A thread-safe call counter for the loopback server's handlers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}

/// A thread-safe switch a test flips while a server is running.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
