import Foundation
import Formats
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// An MLLP listener for HL7 v2 (`[hl7] listen`): each framed message (`0x0B … 0x1C 0x0D`) is checked
/// for an MSH segment, written durably into the inbox (a dot-name, fsync, rename to
/// `mllp-<time>-<control id>.hl7`, fsync of the folder) and only then acknowledged `AA`; a message
/// without a readable MSH gets `AE` with the reason and is not stored, one over
/// `max_message_bytes` gets `AR` and the connection is closed. The inbox pipeline does the rest, so
/// a message acknowledged is never lost, whatever happens to the daemon afterwards.
struct MLLPListener: Service {
    let settings: HL7Settings
    let address: ListenAddress
    let inbox: URL
    let addressFile: URL
    let logger: Logger

    func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? address.port
        try? Data("\(address.host):\(port)\n".utf8).write(to: addressFile, options: .atomic)
        logger.info("HL7 MLLP listener ready", metadata: ["address": "\(ListenAddress(host: address.host, port: port))"])
        // On shutdown the listener and every open connection stop (a message being stored finishes first:
        // the write is synchronous); clients resend what was not acknowledged.
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await serve(connection) }
                        }
                    }
                }
            }
        } catch is CancellationError {
            // graceful shutdown
        }
        try? FileManager.default.removeItem(at: addressFile)
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var pending: [UInt8] = []
                for try await chunk in inbound {
                    pending += chunk.readableBytesView
                    while let frame = Self.nextFrame(&pending) {
                        try await outbound.write(ByteBuffer(bytes: Self.framed(accept(frame))))
                    }
                    if pending.count > settings.maxMessageBytes {
                        try await outbound.write(ByteBuffer(bytes: Self.framed(Self.acknowledgement("AR", controlID: "", text: "message over \(settings.maxMessageBytes) bytes"))))
                        return
                    }
                }
            }
        } catch {
            logger.warning("MLLP connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Stores one message; returns the acknowledgement to send.
    func accept(_ message: [UInt8]) -> [UInt8] {
        let text = String(decoding: message, as: UTF8.self)
        guard HL7ReportDecoder.sniff(Data(message)), let header = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).first else {
            return Self.acknowledgement("AE", controlID: "", text: "not an HL7 v2 message: no MSH segment")
        }
        let fields = header.split(separator: "|", omittingEmptySubsequences: false)
        let controlID = fields.count > 9 ? String(fields[9]) : ""
        let safeID = String(controlID.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" }.prefix(40).map(Character.init))
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let name = "mllp-\(stamp)-\(safeID.isEmpty ? UUID().uuidString.prefix(8).lowercased() : safeID)-\(UUID().uuidString.prefix(6).lowercased()).hl7"
        do {
            try Self.writeDurably(message, to: inbox.appendingPathComponent(name))
            logger.info("HL7 message received", metadata: ["control": "\(controlID)", "file": "\(name)"])
            return Self.acknowledgement("AA", controlID: controlID, text: nil)
        } catch {
            logger.error("HL7 message could not be stored", metadata: ["control": "\(controlID)", "error": "\(error)"])
            return Self.acknowledgement("AE", controlID: controlID, text: "cannot store the message: \(error)")
        }
    }

    /// Temp dot-name in the inbox, fsync, rename, fsync of the folder.
    static func writeDurably(_ bytes: [UInt8], to target: URL) throws {
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).part")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ConfigurationError(key: nil, message: "cannot create \(temporary.path): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard n > 0 else { close(descriptor); unlink(temporary.path); throw ConfigurationError(key: nil, message: "write failed: \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0, rename(temporary.path, target.path) == 0 else {
            unlink(temporary.path)
            throw ConfigurationError(key: nil, message: "cannot store \(target.lastPathComponent): \(String(cString: strerror(errno)))")
        }
        let directory = open(folder.path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// The next complete `0x0B … 0x1C 0x0D` frame's content, removed from `buffer`.
    static func nextFrame(_ buffer: inout [UInt8]) -> [UInt8]? {
        guard let start = buffer.firstIndex(of: 0x0B) else { buffer.removeAll(); return nil }
        var index = start + 1
        while index + 1 < buffer.count {
            if buffer[index] == 0x1C && buffer[index + 1] == 0x0D {
                let frame = Array(buffer[(start + 1)..<index])
                buffer.removeFirst(index + 2)
                return frame
            }
            index += 1
        }
        if start > 0 { buffer.removeFirst(start) }
        return nil
    }

    static func framed(_ message: [UInt8]) -> [UInt8] { [0x0B] + message + [0x1C, 0x0D] }

    /// An HL7 ACK with MSA-1 `code` for message `controlID` (and MSA-3 text).
    static func acknowledgement(_ code: String, controlID: String, text: String?) -> [UInt8] {
        let time = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
            .replacingOccurrences(of: ":", with: "")
        let message = "MSH|^~\\&|M3CLIP|M3CLIP|||\(time)||ACK|\(UUID().uuidString.prefix(20))|P|2.5.1\r"
            + "MSA|\(code)|\(controlID)\(text.map { "|" + $0.replacingOccurrences(of: "|", with: "/") } ?? "")\r"
        return Array(message.utf8)
    }
}
