import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One running worker process: writes request lines to its stdin and hands every stdout line to
/// `onLine` (then `onExit` at end of file), in order, from a dedicated reader thread, so no
/// cooperative-pool thread blocks on `read`.
final class WorkerProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let writeLock = NSLock()

    init(executable: URL, arguments: [String], onLine: @escaping @Sendable (String) -> Void,
         onExit: @escaping @Sendable () -> Void) throws {
        // A write to a worker that just died must be an error, not a SIGPIPE that kills the daemon.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        try process.run()
        let handle = output.fileHandleForReading
        let thread = Thread {
            Self.readLines(from: handle.fileDescriptor, onLine: onLine)
            onExit()
        }
        thread.name = "m3clip.translate.worker-reader"
        thread.start()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Writes one line; false when the worker can no longer be written to.
    @discardableResult
    func send(_ line: String) -> Bool {
        writeLock.withLock {
            do {
                try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
                return true
            } catch {
                return false
            }
        }
    }

    /// Kills the worker (SIGKILL): used on timeout and shutdown; the reader then sees end of file.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        try? input.fileHandleForWriting.close()
    }

    /// Closes stdin (the worker exits at end of input) and waits up to `seconds`, then kills.
    func stop(within seconds: Double) {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        kill()
    }

    private static func readLines(from fd: Int32, onLine: (String) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var pending: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if !line.isEmpty { onLine(line) }
            }
        }
    }
}
