@preconcurrency import Glibc
import Foundation
import Logging
public import ServiceLifecycle

/// The control socket (`control.socket`, mode `control.socket_mode`, 0600 by default): accepts one
/// request per connection on a dedicated thread and answers it through `handle`. A peer whose uid
/// is not the daemon's is refused (SO_PEERCRED).
public final class ControlServer: Service, @unchecked Sendable {
    private let path: String
    private let mode: Int
    private let logger: Logger
    private let handle: @Sendable (ControlRequest) -> ControlReply
    private var listener: Int32 = -1

    init(path: URL, mode: Int, logger: Logger, handle: @escaping @Sendable (ControlRequest) -> ControlReply) {
        self.path = path.path
        self.mode = mode
        self.logger = logger
        self.handle = handle
    }

    /// Binds the socket. The caller holds the store's instance lock, so a leftover socket file is
    /// normally stale and is replaced; but one that answers belongs to a live daemon (another
    /// store configured onto the same socket path) and is never taken over.
    func bind() throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if let probe = try? UnixSocket.connect(path) {
            close(probe)
            throw UnixSocket.Failure(message: "another process answers on the control socket \(path) (another m3clip daemon with another store?); not replacing it", code: EADDRINUSE)
        }
        unlink(path)
        var address = try UnixSocket.address(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw UnixSocket.Failure(message: "socket: \(String(cString: strerror(errno)))", code: errno) }
        // Create the socket file with no group/other bits at all, then set the configured mode.
        let oldMask = umask(0o177)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(oldMask)
        guard status == 0, chmod(path, mode_t(mode)) == 0, listen(fd, 64) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw UnixSocket.Failure(message: "cannot listen on \(path): \(message)", code: errno)
        }
        listener = fd
    }

    public func run() async throws {
        if listener < 0 { try bind() }
        let fd = listener
        let thread = Thread { [self] in self.acceptLoop(fd) }
        thread.name = "m3clip-control"
        thread.start()
        logger.info("control socket listening", metadata: ["socket": "\(path)"])
        await withGracefulShutdownHandler {
            try? await gracefulShutdown()
        } onGracefulShutdown: {}
        // Wake the accept loop and close the socket.
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        unlink(path)
    }

    /// Connections read at once, each on its own thread (a client that connects and says nothing
    /// holds only its own thread until the receive timeout); requests are still handled one at a
    /// time. Past the cap a connection is answered "busy" and closed.
    static let maxConnections = 16
    private let connections = DispatchSemaphore(value: ControlServer.maxConnections)
    private let handling = NSLock()

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            guard connections.wait(timeout: .now()) == .success else {
                Self.reply(.failure("busy: \(Self.maxConnections) control connections are open; try again"), to: client)
                close(client)
                continue
            }
            let thread = Thread { [self] in
                serve(client)
                close(client)
                connections.signal()
            }
            thread.name = "m3clip-control-client"
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        let reply: ControlReply
        if getsockopt(client, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 || credentials.uid != geteuid() {
            logger.warning("control request refused: peer uid differs", metadata: ["uid": "\(credentials.uid)"])
            reply = .failure("refused: the control socket only answers its owner (uid \(geteuid()))")
        } else if let line = UnixSocket.readLine(client), let request = ControlRequest(line: line) {
            logger.info("control request", metadata: ["verb": "\(request.verb)"])
            reply = handling.withLock { handle(request) }
        } else {
            reply = .failure("malformed request: send one JSON object {\"verb\":…,\"arguments\":[…]} and a newline")
        }
        Self.reply(reply, to: client)
    }

    private static func reply(_ reply: ControlReply, to client: Int32) {
        var data = (try? JSONEncoder().encode(reply)) ?? Data("{\"ok\":false,\"error\":\"cannot encode reply\"}".utf8)
        data.append(UInt8(ascii: "\n"))
        _ = UnixSocket.writeAll(client, data)
    }
}

/// Linux's `struct ucred` (not imported without _GNU_SOURCE): what SO_PEERCRED fills in.
private struct PeerCredentials {
    var pid: Int32 = 0
    var uid: UInt32 = UInt32.max
    var gid: UInt32 = UInt32.max
}
