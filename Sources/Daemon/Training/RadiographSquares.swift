import Dispatch
public import Foundation
import Formats
public import Models

/// Decodes radiographs (PNG or JPEG bytes) into grey squares at an encoder's input size, in
/// parallel: what the trainer, the evaluators and the self-trained labeler consume.
public struct RadiographSquares: Sendable {
    public let preprocessor: ImagePreprocessor
    /// Concurrent decodes (each decode is single-threaded).
    public let parallelism: Int

    public init(size: Int, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        preprocessor = ImagePreprocessor(size: size)
        self.parallelism = max(1, parallelism)
    }

    /// One image's square, or the decode error.
    public func square(_ data: Data) throws -> [Float] {
        let decoded = try ImageDecoder.decode(data)
        return preprocessor.square(grey: decoded.pixels.normalized(), width: decoded.width, height: decoded.height)
    }

    /// Squares for `count` images whose bytes `read(i)` returns; a failure is reported per index
    /// and leaves nil there (the caller decides whether to skip or stop).
    public func squares(count: Int, read: @Sendable (Int) throws -> Data) -> [Result<[Float], any Error>] {
        let results = ResultSlots(count: count)
        let chunk = max(1, (count + parallelism * 4 - 1) / (parallelism * 4))
        let chunks = (count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                results.set(i, Result { try square(read(i)) })
            }
        }
        return results.values
    }
}

/// Per-index result slots written from concurrent decodes (each index exactly once).
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<[Float], any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<[Float], any Error>) {
        lock.lock(); slots[index] = value; lock.unlock()
    }

    var values: [Result<[Float], any Error>] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0 ?? .failure(DecodeError(.notAnImage, decoder: "training", "not decoded")) }
    }
}
