public import Foundation
public import Translation

/// The control protocol: one JSON object per line over the Unix socket, one request and one reply
/// per connection.
///
///     → {"verb":"quarantine-retry","arguments":["20261129T021530Z-3f9a1c2e"]}
///     ← {"ok":true,"text":"…human-readable…","result":{…}}
///     ← {"ok":false,"error":"no quarantine entry …"}
public struct ControlRequest: Codable, Sendable {
    public var verb: String
    public var arguments: [String]

    public init(verb: String, arguments: [String] = []) {
        self.verb = verb
        self.arguments = arguments
    }

    /// Decodes one request line as the server received it (the bytes before the first newline).
    /// Anything but one JSON object with a string `verb` and an array of strings `arguments` is
    /// `nil`: the server answers that with its "malformed request" reply.
    public init?(line: Data) {
        guard let request = try? JSONDecoder().decode(ControlRequest.self, from: line) else { return nil }
        self = request
    }
}

public struct ControlReply: Codable, Sendable {
    public var ok: Bool
    /// What `m3clip ctl` prints by default.
    public var text: String?
    /// What `m3clip ctl --json` prints (any JSON value).
    public var result: JSONValue?
    public var error: String?

    public static func success(_ text: String, _ result: JSONValue? = nil) -> ControlReply {
        ControlReply(ok: true, text: text, result: result, error: nil)
    }

    public static func failure(_ message: String) -> ControlReply {
        ControlReply(ok: false, text: nil, result: nil, error: message)
    }
}
