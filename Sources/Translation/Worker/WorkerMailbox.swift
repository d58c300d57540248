import Foundation

/// Matches the worker's answer lines to the requests waiting for them (by `id`), and the ready
/// line to the start waiting for it. Called from the reader thread; lock-protected.
final class WorkerMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: (generation: Int, continuation: CheckedContinuation<[String: JSONValue], any Error>)] = [:]
    private var readyWaiters: [Int: CheckedContinuation<[String: JSONValue], any Error>] = [:]
    private var early: [Int: Result<[String: JSONValue], any Error>] = [:]
    private var exited: Set<Int> = []

    /// Registers the waiter for request `id`, sent to worker `generation`.
    func wait(id: Int, generation: Int, _ continuation: CheckedContinuation<[String: JSONValue], any Error>) {
        let gone = lock.withLock { () -> Bool in
            if exited.contains(generation) { return true }
            waiting[id] = (generation, continuation)
            return false
        }
        if gone { continuation.resume(throwing: TranslationEngineError(.workerExited, "the worker exited")) }
    }

    /// Waits for the worker's first line (`ready` or `failed`).
    func waitReady(generation: Int, _ continuation: CheckedContinuation<[String: JSONValue], any Error>) {
        let result: Result<[String: JSONValue], any Error>? = lock.withLock {
            if let result = early.removeValue(forKey: generation) { return result }
            readyWaiters[generation] = continuation
            return nil
        }
        if let result { continuation.resume(with: result) }
    }

    /// Fails request `id` (timeout, cancellation) if it is still waiting.
    func fail(id: Int, _ error: TranslationEngineError) {
        let continuation = lock.withLock { waiting.removeValue(forKey: id)?.continuation }
        continuation?.resume(throwing: error)
    }

    /// Fails the ready wait of `generation` if it is still waiting.
    func failReady(generation: Int, _ error: TranslationEngineError) {
        let continuation = lock.withLock { readyWaiters.removeValue(forKey: generation) }
        continuation?.resume(throwing: error)
    }

    /// One line from worker `generation`.
    func deliver(_ line: String, generation: Int) {
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(line.utf8)) else { return }
        if case .number(let number)? = object["id"] {
            let continuation = lock.withLock { waiting.removeValue(forKey: Int(number))?.continuation }
            continuation?.resume(returning: object)
        } else if object["event"] != nil {
            let continuation: CheckedContinuation<[String: JSONValue], any Error>? = lock.withLock {
                if let waiter = readyWaiters.removeValue(forKey: generation) { return waiter }
                early[generation] = .success(object)
                return nil
            }
            continuation?.resume(returning: object)
        }
    }

    /// Worker `generation` closed its output: every request sent to it fails.
    func workerExited(generation: Int) {
        let error = TranslationEngineError(.workerExited, "the worker exited")
        let (requests, ready): ([CheckedContinuation<[String: JSONValue], any Error>], CheckedContinuation<[String: JSONValue], any Error>?) = lock.withLock {
            exited.insert(generation)
            let mine = waiting.filter { $0.value.generation == generation }
            for id in mine.keys { waiting.removeValue(forKey: id) }
            let ready = readyWaiters.removeValue(forKey: generation)
            if ready == nil { early[generation] = .failure(error) }
            return (mine.values.map(\.continuation), ready)
        }
        for continuation in requests { continuation.resume(throwing: error) }
        ready?.resume(throwing: error)
    }
}
