/// `host:port` the API listens on: `127.0.0.1:8421`, `[::1]:8421`, `localhost:8421`,
/// `0.0.0.0:8421`. Port 0 takes a free port (tests).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public struct ParseError: Error, Sendable { public let message: String }

    public init(parsing text: String) throws(ParseError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ParseError(message: "'\(text)' is not [IPv6]:port")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ParseError(message: "'\(text)' is not host:port") }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw ParseError(message: "'\(text)' names no host") }
        guard let port = Int(portPart), (0...65_535).contains(port) else {
            throw ParseError(message: "'\(portPart)' in '\(text)' is not a port (0…65535)")
        }
        self.init(host: String(hostPart), port: port)
    }

    /// 127.0.0.0/8, ::1 and `localhost`: reachable from this machine only.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
