import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw stream connection for the protocol tests: TCP to a loopback port (HTTP, MLLP) or a Unix
/// socket (the control socket, for requests `m3clip ctl` would never send).
final class TestSocket {
    let descriptor: Int32

    init(port: UInt16, timeoutSeconds: Int = 30) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        descriptor = try Self.connect(family: AF_INET, to: &address, name: "127.0.0.1:\(port)", timeoutSeconds: timeoutSeconds)
    }

    init(path: String, timeoutSeconds: Int = 10) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        descriptor = try Self.connect(family: AF_UNIX, to: &address, name: path, timeoutSeconds: timeoutSeconds)
    }

    private static func connect<Address>(family: Int32, to address: inout Address, name: String, timeoutSeconds: Int) throws -> Int32 {
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Timeout(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw Timeout(description: "connect to \(name): errno \(code)")
        }
        return descriptor
    }

    deinit { close(descriptor) }

    /// Sends what it can; returns how many bytes went out before the peer stopped taking them (a
    /// peer that answers and closes early stops the sending, not the test).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            sent += n
        }
        return sent
    }

    /// Closes the sending half: the peer reads end of file.
    func finishSending() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Reads until `done` says the bytes so far are complete, the peer closes, or the timeout.
    func receive(until done: ([UInt8]) -> Bool = { _ in false }) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !done(received) {
            let n = recv(descriptor, &buffer, buffer.count, 0)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return received
    }

    /// Reads until a newline, the peer closes, or the timeout.
    func receiveLine() -> [UInt8] { receive { $0.contains(UInt8(ascii: "\n")) } }
}
