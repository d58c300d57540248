public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `m3clip ctl`'s side of the control socket.
public enum ControlClient {
    public enum Failure: Error, CustomStringConvertible {
        /// No daemon answers on the socket (absent, refused): exit 3.
        case notRunning(String)
        case protocolError(String)

        public var description: String {
            switch self {
            case .notRunning(let message), .protocolError(let message): message
            }
        }
    }

    public static func send(_ request: ControlRequest, to socket: URL) throws(Failure) -> ControlReply {
        let fd: Int32
        do {
            fd = try UnixSocket.connect(socket.path)
        } catch {
            throw .notRunning("no m3clip daemon answers on \(socket.path) (\(error))")
        }
        defer { close(fd) }
        guard var data = try? JSONEncoder().encode(request) else { throw .protocolError("cannot encode the request") }
        data.append(UInt8(ascii: "\n"))
        // A daemon that refuses the peer answers without reading the request and closes, which can
        // fail the write: its answer is still there to read.
        let sent = UnixSocket.writeAll(fd, data)
        guard let line = UnixSocket.readLine(fd), !line.isEmpty else {
            throw .notRunning(sent ? "the daemon closed the connection without a reply" : "the daemon closed the connection")
        }
        do {
            return try JSONDecoder().decode(ControlReply.self, from: line)
        } catch {
            throw .protocolError("unreadable reply: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
    }
}
