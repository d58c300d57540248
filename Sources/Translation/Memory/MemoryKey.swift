import Foundation
public import Radiology

/// What a translation is remembered under: the normalised source, the language pair and the
/// engine+model id. Normalisation is Unicode NFC, whitespace trimmed and runs of whitespace made
/// one space; case and punctuation are kept, because the output follows them.
public struct MemoryKey: Hashable, Sendable, Codable {
    public let source: String
    public let sourceLanguage: LanguageCode
    public let targetLanguage: LanguageCode
    public let engine: String

    public init(source: String, from sourceLanguage: LanguageCode, to targetLanguage: LanguageCode, engine: String) {
        self.source = Self.normalise(source)
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.engine = engine
    }

    /// A key whose `source` is already normalised (read back from the store).
    public init(normalisedSource: String, from sourceLanguage: LanguageCode, to targetLanguage: LanguageCode, engine: String) {
        self.source = normalisedSource
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.engine = engine
    }

    /// NFC, trimmed, whitespace runs collapsed to one space.
    public static func normalise(_ text: String) -> String {
        var isPlain = true
        var previousSpace = true
        for byte in text.utf8 {
            if byte >= 0x80 || byte < 0x20 && byte != 0x20 { isPlain = false; break }
            let isSpace = byte == 0x20
            if isSpace && previousSpace { isPlain = false; break }
            previousSpace = isSpace
        }
        if isPlain && !previousSpace { return text }
        let composed = text.precomposedStringWithCanonicalMapping
        return composed.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// One remembered translation with the filters' decision and whether it is in the audit sample.
public struct MemoryEntry: Sendable, Codable, Equatable {
    public var key: MemoryKey
    /// The source as first seen (before normalisation).
    public var sourceText: String
    public var output: String
    public var logProb: Double?
    public var decision: QualityDecision
    public var audit: Bool

    public init(key: MemoryKey, sourceText: String, output: String, logProb: Double?, decision: QualityDecision, audit: Bool) {
        self.key = key
        self.sourceText = sourceText
        self.output = output
        self.logProb = logProb
        self.decision = decision
        self.audit = audit
    }
}
