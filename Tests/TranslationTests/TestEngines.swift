import Foundation
import Radiology
import Translation

/// An in-memory engine for tests: a fixed phrasebook, call counting, and a switch for availability.
final class PhrasebookEngine: TranslationEngine, @unchecked Sendable {
    let identifier: String
    private let lock = NSLock()
    private var phrases: [String: String]
    private var available: Bool
    private(set) var calls: [[String]] = []

    init(identifier: String = "test:phrasebook", phrases: [String: String], available: Bool = true) {
        self.identifier = identifier
        self.phrases = phrases
        self.available = available
    }

    func setAvailable(_ flag: Bool) { lock.withLock { available = flag } }
    var callCount: Int { lock.withLock { calls.count } }
    var translatedCount: Int { lock.withLock { calls.reduce(0) { $0 + $1.count } } }

    func availability() async -> EngineAvailability {
        lock.withLock { available } ? .available : .unavailable("test engine switched off")
    }

    func translate(_ texts: [String], from source: LanguageCode, to target: LanguageCode) async throws -> [EngineTranslation] {
        try lock.withLock {
            guard available else { throw TranslationEngineError(.unavailable, "test engine switched off") }
            calls.append(texts)
            return texts.map { EngineTranslation(text: phrases[$0] ?? "\(target.rawValue): \($0)", logProb: -0.3) }
        }
    }
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-translation-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
