import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into a flag a long job polls at its step boundaries, so it stops
/// cleanly (and keeps a resumable state) instead of dying mid-write.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised: Int32?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.raise(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func raise(_ number: Int32) {
        lock.lock(); raised = raised ?? number; lock.unlock()
        printError("m3clip: \(number == SIGINT ? "SIGINT" : "SIGTERM"): stopping at the next step boundary")
    }

    /// Whether a stop was asked for.
    var isRaised: Bool {
        lock.lock(); defer { lock.unlock() }
        return raised != nil
    }
}
