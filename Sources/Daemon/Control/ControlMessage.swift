public import Foundation

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

/// Any JSON value, so replies can carry typed results through one Codable envelope.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts an Encodable value through JSONEncoder.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
