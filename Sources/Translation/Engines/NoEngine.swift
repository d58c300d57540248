public import Radiology

/// `translation.engine = "none"`: translation switched off. Always unavailable, so English
/// sentences wait as pending until another engine is configured.
public struct NoEngine: TranslationEngine {
    public init() {}

    public var identifier: String { "none" }

    public func availability() async -> EngineAvailability { .unavailable("translation is switched off (engine = \"none\")") }

    public func translate(_ texts: [String], from source: LanguageCode, to target: LanguageCode) async throws -> [EngineTranslation] {
        throw TranslationEngineError(.unavailable, "translation is switched off (engine = \"none\")")
    }
}
