import Daemon
import Foundation

extension FuzzHarness {
    /// The control socket's request parser, fed what a client could send: the server keeps the bytes
    /// before the first newline and decodes one request from them; the reply it would send (which
    /// quotes the verb) must encode whatever the verb and arguments hold.
    static let controlRequest = FuzzHarness(name: "ctl") { data in
        let line = data.firstIndex(of: UInt8(ascii: "\n")).map { data[..<$0] } ?? data
        guard let request = ControlRequest(line: Data(line)) else { throw MalformedControlRequest() }
        let reply = ControlReply.failure("unknown verb \(request.verb) (\(request.arguments.count) arguments)")
        _ = try JSONEncoder().encode(reply)
    }
}

/// What the harness reports for a line the server would answer "malformed request".
struct MalformedControlRequest: Error, CustomStringConvertible {
    var description: String { "malformed request" }
}
