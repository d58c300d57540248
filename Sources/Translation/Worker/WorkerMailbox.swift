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

/// The JSON values the worker protocol uses.
enum JSONValue: Codable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
}
