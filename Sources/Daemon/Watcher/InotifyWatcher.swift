@preconcurrency import Glibc
import Foundation

/// inotify on the inbox folder as a wake-up (`IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE`, plus
/// `IN_Q_OVERFLOW`), read on a dedicated thread so no cooperative-pool thread blocks (DESIGN.md §6).
/// Events only wake the scanner; the periodic rescan finds whatever they miss.
final class InotifyWatcher: @unchecked Sendable {
    enum Event: Sendable {
        case movedIn(String)
        case changed
        case overflow
    }

    private let fd: Int32
    private let watch: Int32
    private let wakePipe: (read: Int32, write: Int32)
    private let handler: @Sendable ([Event]) -> Void
    private var thread: Thread?

    /// Starts watching `folder`; nil when inotify is unavailable (the daemon then polls).
    init?(folder: URL, handler: @escaping @Sendable ([Event]) -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let watch = inotify_add_watch(fd, folder.path, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE))
        guard watch >= 0 else { close(fd); return nil }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { close(fd); return nil }
        for end in pipeFDs { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        self.fd = fd
        self.watch = watch
        self.wakePipe = (pipeFDs[0], pipeFDs[1])
        self.handler = handler
        let thread = Thread { [self] in self.loop() }
        thread.name = "m3clip-inotify"
        self.thread = thread
        thread.start()
    }

    /// Stops the reader thread and closes the descriptors.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
        defer {
            close(fd)
            close(wakePipe.read)
            close(wakePipe.write)
        }
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 { if errno == EINTR { continue } else { return } }
            if fds[1].revents != 0 { return }
            var events: [Event] = []
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                events += Self.parse(buffer, count: count)
            }
            if !events.isEmpty { handler(events) }
        }
    }

    /// Parses `struct inotify_event` records; `name[]` starts at offset 16 (not imported to Swift).
    static func parse(_ buffer: [UInt8], count: Int) -> [Event] {
        var events: [Event] = []
        var offset = 0
        while offset + 16 <= count {
            let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
            let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
            let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                events.append(.overflow)
            } else if mask & UInt32(IN_MOVED_TO) != 0, !name.isEmpty {
                events.append(.movedIn(name))
            } else {
                events.append(.changed)
            }
            offset += 16 + length
        }
        return events
    }
}
