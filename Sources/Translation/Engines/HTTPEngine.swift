public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Radiology

/// A LibreTranslate-compatible service (`POST <url>/translate` with `q`, `source`, `target`,
/// `format`, optional `api_key`), for sites that already run one. `q` is sent as an array, which
/// LibreTranslate answers with `translatedText` as an array. It gives no log-probabilities, so
/// that filter does not apply to its output. Language codes go through `LanguageProfile.isoCode`.
public struct HTTPEngine: TranslationEngine {
    public let baseURL: URL
    public let apiKey: String?
    public let timeoutSeconds: Double
    /// Names the service's model in memory keys (`http:<model>`), e.g. `libretranslate-1.6`.
    public let model: String

    public init(baseURL: URL, model: String, apiKey: String? = nil, timeoutSeconds: Double = 60) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
    }

    public var identifier: String { "http:\(model)" }

    public func availability() async -> EngineAvailability {
        var request = URLRequest(url: baseURL.appendingPathComponent("languages"))
        request.timeoutInterval = min(timeoutSeconds, 10)
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (200..<300).contains(status) ? .available : .unavailable("\(baseURL.absoluteString) answered HTTP \(status)")
        } catch {
            return .unavailable("\(baseURL.absoluteString) unreachable: \(error.localizedDescription)")
        }
    }

    public func translate(_ texts: [String], from source: LanguageCode, to target: LanguageCode) async throws -> [EngineTranslation] {
        guard !texts.isEmpty else { return [] }
        var request = URLRequest(url: baseURL.appendingPathComponent("translate"))
        request.httpMethod = "POST"
        request.timeoutInterval = timeoutSeconds
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try Self.requestBody(texts, from: source, to: target, apiKey: apiKey)
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw TranslationEngineError(.unavailable, "\(baseURL.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw TranslationEngineError(status >= 500 ? .unavailable : .rejected, "HTTP \(status): \(text)")
        }
        return try Self.parseResponse(data, expected: texts.count)
    }

    /// The JSON body LibreTranslate expects.
    public static func requestBody(_ texts: [String], from source: LanguageCode, to target: LanguageCode, apiKey: String?) throws -> Data {
        var body: [String: Any] = [
            "q": texts, "source": LanguageTable.profile(for: source).isoCode,
            "target": LanguageTable.profile(for: target).isoCode, "format": "text",
        ]
        if let apiKey { body["api_key"] = apiKey }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }

    /// Reads `{"translatedText": [..]}` (or a single string for a single input).
    public static func parseResponse(_ data: Data, expected: Int) throws -> [EngineTranslation] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TranslationEngineError(.badResponse, "the answer is not a JSON object")
        }
        let texts: [String]
        if let many = object["translatedText"] as? [String] {
            texts = many
        } else if let one = object["translatedText"] as? String {
            texts = [one]
        } else {
            throw TranslationEngineError(.badResponse, "the answer has no translatedText")
        }
        guard texts.count == expected else {
            throw TranslationEngineError(.badResponse, "asked for \(expected) translations, got \(texts.count)")
        }
        return texts.map { EngineTranslation(text: $0) }
    }
}
