/// Why a chat completion failed.
public struct ChatCompletionError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// HTTP 429; the server's Retry-After in seconds when it sent one.
        case rateLimited(retryAfter: Double?)
        case timeout
        /// Unreachable, or a 5xx/408: worth retrying later.
        case unavailable
        /// Another 4xx (bad token, unknown model): retrying will not help.
        case rejected
        /// A 2xx that is not a chat completion.
        case badResponse
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
