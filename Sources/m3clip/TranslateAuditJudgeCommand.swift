import ArgumentParser
import Daemon
import Foundation
import Radiology
import Store
import Translation

/// `m3clip translate audit judge`: scores the audit sample with an LLM over an OpenAI-compatible
/// endpoint (`[translation.audit.judge]`, overridable here). Resumes where the last run stopped.
struct TranslateAuditJudgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge",
        abstract: "Score the audit sample (accuracy, fluency, consistency 1–5) with an LLM over an OpenAI-compatible API.",
        discussion: """
            Sends each sampled pair (source sentence, translation, their languages) to /v1/chat/completions under \
            the configured rubric, stores the scores with the model name and rubric version, and skips what this \
            judge has scored already (a failure is tried again on the next run). Refuses to run while [deid] is off.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "The endpoint's base URL (default: translation.audit.judge.endpoint).")
    var endpoint: String?

    @Option(help: "The model the endpoint serves (default: translation.audit.judge.model).")
    var model: String?

    @Option(name: .customLong("token-env"), help: "Environment variable holding the bearer token (default: translation.audit.judge.token_env).")
    var tokenEnv: String?

    @Option(help: "Requests in flight at once (default: translation.audit.judge.concurrency).")
    var concurrency: Int?

    @Option(name: .customLong("requests-per-minute"), help: "Rate limit, 0 for none (default: translation.audit.judge.requests_per_minute).")
    var requestsPerMinute: Double?

    @Option(help: "Judge at most this many translations in this run.")
    var limit: Int?

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let settings = configuration.translation.judge
        guard let endpointURL = endpoint.map({ URL(string: $0) }) ?? settings.endpoint,
              ["http", "https"].contains(endpointURL.scheme?.lowercased() ?? ""), endpointURL.host != nil else {
            throw ValidationError("no judge endpoint: set translation.audit.judge.endpoint or pass --endpoint http(s)://host[:port]")
        }
        let modelName = model ?? settings.model
        guard !modelName.isEmpty else { throw ValidationError("no judge model: set translation.audit.judge.model or pass --model") }
        if let concurrency, !(1...256).contains(concurrency) { throw ValidationError("--concurrency takes 1…256") }
        if let limit, limit < 1 { throw ValidationError("--limit takes a positive count") }
        guard let deidentifier = try configuration.deid.makeDeidentifier() else {
            printError("m3clip: [deid] is off: the judge never sends text that was not de-identified; turn [deid] enabled on first")
            throw ExitCode.failure
        }
        let variable = tokenEnv ?? settings.tokenVariable
        let token = ProcessInfo.processInfo.environment[variable]
        let client = ChatCompletionsClient(endpoint: endpointURL, model: modelName, token: token, timeoutSeconds: settings.timeoutSeconds)
        let judge = TranslationJudge(client: client, rubric: settings.rubric,
                                     pacer: RequestPacer(requestsPerMinute: requestsPerMinute ?? settings.requestsPerMinute))
        let store = try common.openStore(configuration)
        let run = AuditJudgeRun(store: store, judge: judge, concurrency: concurrency ?? settings.concurrency,
                                deidentifier: deidentifier, limit: limit)
        printError("m3clip: judging the audit sample with \(modelName) (\(settings.rubric.version)) at \(client.url.absoluteString)")
        let summary = try await run.run { done, total in
            if done == total || done % 25 == 0 { printError("m3clip: judged \(done)/\(total)") }
        }
        try printJSON(summary)
        if summary.failed > 0 {
            printError("m3clip: \(summary.failed) translations could not be judged (recorded; the next run tries them again)")
        }
    }
}
