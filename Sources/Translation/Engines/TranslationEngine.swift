public import Radiology

/// A machine-translation engine: many sentences, one language pair, per call.
///
/// Engines: `CTranslate2Engine` (NLLB-200 in a supervised Python worker), `HTTPEngine`
/// (LibreTranslate-compatible service), `NoEngine` (translation switched off). The configuration
/// (`translation.engine`) picks one; tests use their own in-memory engines.
public protocol TranslationEngine: Sendable {
    /// Engine and model, e.g. `ctranslate2:nllb-200-distilled-600M`: part of every memory key,
    /// so a new model never serves the old model's translations.
    var identifier: String { get }

    /// Whether `translate` can be called now; `unavailable` says why (shown by `ctl status`).
    func availability() async -> EngineAvailability

    /// Translates `texts` from `source` into `target`, one output per input, in order.
    func translate(_ texts: [String], from source: LanguageCode, to target: LanguageCode) async throws -> [EngineTranslation]
}

/// One engine output: the text, and its mean token log-probability when the engine gives one.
public struct EngineTranslation: Sendable, Equatable, Codable {
    public var text: String
    public var logProb: Double?

    public init(text: String, logProb: Double? = nil) {
        self.text = text
        self.logProb = logProb
    }
}

/// Whether an engine can take work.
public enum EngineAvailability: Sendable, Equatable {
    case available
    case unavailable(String)

    public var isAvailable: Bool { self == .available }
}

/// An engine failure. `code` is one of the static values; the message says what happened.
public struct TranslationEngineError: Error, Sendable, CustomStringConvertible, Equatable {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The engine cannot take work now (switched off, worker down, service unreachable).
        public static let unavailable = Code("unavailable")
        /// A batch took longer than its timeout.
        public static let timeout = Code("timeout")
        /// The engine answered, but not with what was asked (bad JSON, wrong count).
        public static let badResponse = Code("bad-response")
        /// The worker process died while a request was in flight.
        public static let workerExited = Code("worker-exited")
        /// The engine refused the request (unknown language, invalid input).
        public static let rejected = Code("rejected")
        public var description: String { name }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
