public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of any OpenAI-compatible `POST /v1/chat/completions` endpoint (vLLM, llama.cpp's
/// server, Ollama, hosted GLM or GPT endpoints): one request, one answer's text. Deterministic
/// sampling (temperature 0), a bounded answer, a bearer token when given. Errors say which kind of
/// failure it was, so the caller can wait (429), retry (timeouts, 5xx) or give up (other 4xx).
public struct ChatCompletionsClient: Sendable {
    public struct Message: Sendable, Codable, Equatable {
        public var role: String
        public var content: String
        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// Where requests go: `endpoint` as given when it already ends in `/chat/completions`, else
    /// with `/chat/completions` (after a trailing `/v1`) or `/v1/chat/completions` appended.
    public let url: URL
    public let model: String
    public let token: String?
    public let timeoutSeconds: Double
    public let maxTokens: Int
    private let session: URLSession

    public init(endpoint: URL, model: String, token: String? = nil, timeoutSeconds: Double = 60, maxTokens: Int = 200) {
        self.url = Self.completionsURL(endpoint)
        self.model = model
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.timeoutSeconds = timeoutSeconds
        self.maxTokens = maxTokens
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    public static func completionsURL(_ endpoint: URL) -> URL {
        let path = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        if path.hasSuffix("/chat/completions") { return endpoint }
        if path.hasSuffix("/v1") { return endpoint.appendingPathComponent("chat/completions") }
        return endpoint.appendingPathComponent("v1/chat/completions")
    }

    /// The request body: the model, the messages, temperature 0 and the token cap.
    public func body(_ messages: [Message]) throws -> Data {
        struct Body: Encodable {
            var model: String
            var messages: [Message]
            var temperature: Double
            var max_tokens: Int
            var stream: Bool
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Body(model: model, messages: messages, temperature: 0, max_tokens: maxTokens, stream: false))
    }

    /// Sends `messages`; returns the first choice's message content.
    public func complete(_ messages: [Message]) async throws(ChatCompletionError) -> String {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = timeoutSeconds
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        do {
            request.httpBody = try body(messages)
        } catch {
            throw ChatCompletionError(.rejected, "cannot encode the request: \(error)")
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw ChatCompletionError(.timeout, "no answer from \(url.absoluteString) within \(Int(timeoutSeconds)) s")
        } catch {
            throw ChatCompletionError(.unavailable, "\(url.absoluteString): \(error.localizedDescription)")
        }
        let http = response as? HTTPURLResponse
        let status = http?.statusCode ?? 0
        let excerpt = String(decoding: data.prefix(300), as: UTF8.self)
        switch status {
        case 200..<300: break
        case 429:
            let retryAfter = http?.value(forHTTPHeaderField: "Retry-After").flatMap(Self.retryAfterSeconds)
            throw ChatCompletionError(.rateLimited(retryAfter: retryAfter), "HTTP 429: \(excerpt)")
        case 408, 500...: throw ChatCompletionError(.unavailable, "HTTP \(status): \(excerpt)")
        default: throw ChatCompletionError(.rejected, "HTTP \(status): \(excerpt)")
        }
        return try Self.content(of: data)
    }

    /// `choices[0].message.content` of a chat completion.
    public static func content(of data: Data) throws(ChatCompletionError) -> String {
        struct Completion: Decodable {
            struct Choice: Decodable {
                struct Message: Decodable { var content: String? }
                var message: Message
            }
            var choices: [Choice]
        }
        guard let completion = try? JSONDecoder().decode(Completion.self, from: data) else {
            throw ChatCompletionError(.badResponse, "the answer is not a chat completion: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard let content = completion.choices.first?.message.content else {
            throw ChatCompletionError(.badResponse, "the completion has no message content")
        }
        return content
    }

    /// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3); nil when unreadable.
    public static func retryAfterSeconds(_ value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text).map { max(0, $0.timeIntervalSinceNow) }
    }
}
