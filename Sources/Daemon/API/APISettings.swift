public import Foundation

/// The `[api]` section: the daemon's HTTP search API (`/v1/search`, `/v1/indexes`, `/v1/status`,
/// `/healthz`, `/metrics`). Every key is documented in `Config/m3clip.toml`.
///
/// Binding anywhere but loopback without a token is refused when the configuration is read (so a
/// daemon never starts, and `ctl reload` never switches, to an open port on the network).
public struct APISettings: Sendable, Equatable {
    public var enabled: Bool
    public var bind: ListenAddress
    /// Every request must carry `Authorization: Bearer <token>`; nil: no token (loopback only).
    /// From the `token` key, or the `M3CLIP_API_TOKEN` environment variable when the key is empty.
    public var token: String?
    /// Requests with a larger body get 413.
    public var maxBodyBytes: Int
    /// Largest `k` a search may ask for.
    public var maxK: Int

    public static let tokenEnvironmentVariable = "M3CLIP_API_TOKEN"

    /// Whether a request with this `Authorization` header may pass: always without a token,
    /// otherwise only `Bearer <token>`, compared in constant time (timing tells nothing).
    func accepts(authorization header: String?) -> Bool {
        guard let token else { return true }
        let presented = Array((header ?? "").utf8), expected = Array("Bearer \(token)".utf8)
        var difference = UInt8(truncatingIfNeeded: presented.count ^ expected.count)
        for index in 0..<max(presented.count, expected.count) {
            difference |= (index < presented.count ? presented[index] : 0) ^ (index < expected.count ? expected[index] : 0)
        }
        return difference == 0
    }

    static func read(_ section: ConfigurationReader, environment: [String: String]) throws(ConfigurationError) -> APISettings {
        let bindText = try section.string("bind", default: "127.0.0.1:8421")
        let bind: ListenAddress
        do { bind = try ListenAddress(parsing: bindText) } catch {
            throw ConfigurationError(key: "api.bind", message: error.message)
        }
        var token = try section.string("token", default: "")
        if token.isEmpty { token = environment[tokenEnvironmentVariable] ?? "" }
        let enabled = try section.bool("enabled", default: true)
        if enabled, token.isEmpty, !bind.isLoopback {
            throw ConfigurationError(key: "api.bind", message: "'\(bindText)' is not a loopback address: set api.token "
                + "(or \(tokenEnvironmentVariable)) so that every request must carry it, or bind 127.0.0.1")
        }
        if !token.isEmpty, token.count < 16 {
            throw ConfigurationError(key: "api.token", message: "a token must be at least 16 characters (e.g. `openssl rand -hex 24`)")
        }
        return APISettings(
            enabled: enabled, bind: bind, token: token.isEmpty ? nil : token,
            maxBodyBytes: try section.integer("max_body_bytes", default: 16 << 20, in: 1024...(1 << 30)),
            maxK: try section.integer("max_k", default: 1_000, in: 1...100_000))
    }
}
