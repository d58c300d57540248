public import Foundation
public import Translation

/// `[translation.audit.judge]`: the LLM that scores the audit sample (`m3clip translate audit
/// judge`), any OpenAI-compatible endpoint. Every key is documented in `Config/m3clip.toml`.
public struct AuditJudgeSettings: Sendable, Equatable {
    /// The endpoint's base URL (`http://127.0.0.1:8000`, `…/v1`, or the full `…/chat/completions`);
    /// nil until configured.
    public var endpoint: URL?
    public var model: String
    /// The environment variable holding the bearer token (the token itself never sits in the file).
    public var tokenVariable: String
    public var rubric: JudgeRubric
    /// Requests in flight at once.
    public var concurrency: Int
    /// At most this many requests a minute (0: no limit).
    public var requestsPerMinute: Double
    public var timeoutSeconds: Double

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> AuditJudgeSettings {
        let endpointText = try section.string("endpoint", default: "")
        var endpoint: URL?
        if !endpointText.isEmpty {
            guard let url = URL(string: endpointText), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError(key: "translation.audit.judge.endpoint", message: "'\(endpointText)' is not an http(s) URL")
            }
            endpoint = url
        }
        let version = try section.string("prompt_version", default: JudgeRubric.current.version)
        guard let rubric = JudgeRubric.named(version) else {
            throw ConfigurationError(key: "translation.audit.judge.prompt_version",
                                     message: "'\(version)' is not a rubric (\(JudgeRubric.all.map(\.version).joined(separator: ", ")))")
        }
        return AuditJudgeSettings(endpoint: endpoint, model: try section.string("model", default: ""),
                                  tokenVariable: try section.string("token_env", default: "M3CLIP_JUDGE_TOKEN"),
                                  rubric: rubric, concurrency: try section.integer("concurrency", default: 4, in: 1...256),
                                  requestsPerMinute: try section.number("requests_per_minute", default: 60, in: 0...1_000_000),
                                  timeoutSeconds: try section.number("timeout_seconds", default: 60, in: 1...3600))
    }
}
