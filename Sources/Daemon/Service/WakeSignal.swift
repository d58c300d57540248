import Foundation

/// A level-triggered wake-up for the ingest loop: `signal()` from any thread; `wait(upTo:)` returns
/// at the first signal or when the timeout passes. A signal sent while nobody waits is kept.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func signal() {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume()
        } else {
            pending = true
            lock.unlock()
        }
    }

    func wait(upTo seconds: Double) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if pending {
                pending = false
                lock.unlock()
                continuation.resume()
                return
            }
            waiter = continuation
            generation += 1
            let mine = generation
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + max(0, seconds)) { [weak self] in
                self?.timeout(generation: mine)
            }
        }
    }

    private func timeout(generation expected: Int) {
        lock.lock()
        guard generation == expected, let waiter else { lock.unlock(); return }
        self.waiter = nil
        lock.unlock()
        waiter.resume()
    }
}
