public import Radiology

/// What the translation pipeline knows about one language: its FLORES-200 code, its script, how
/// long its text runs compared with English, its type-token-ratio floor, and its code on
/// LibreTranslate-compatible services.
public struct LanguageProfile: Sendable, Hashable, Codable {
    public let code: LanguageCode
    /// English name, for reports and logs.
    public let name: String
    public let script: WritingScript
    /// Expected characters of this language per character of English (NLLB output on radiology
    /// text; CJK is far denser). The length-ratio filter divides by it.
    public let lengthFactor: Double
    /// Lowest acceptable type-token ratio (distinct / all tokens, tokens being characters for CJK
    /// and Thai) for outputs of at least `QualityThresholds.ttrMinimumTokens` tokens.
    public let typeTokenFloor: Double
    /// The ISO 639-1 style code LibreTranslate uses (`de`, `zh-Hans`, …).
    public let isoCode: String

    public init(code: LanguageCode, name: String, script: WritingScript? = nil, lengthFactor: Double,
                typeTokenFloor: Double? = nil, isoCode: String) {
        self.code = code
        self.name = name
        let script = script ?? WritingScript(floresScript: code.script)
        self.script = script
        self.lengthFactor = lengthFactor
        self.typeTokenFloor = typeTokenFloor ?? (script.countsCharacters ? 0.25 : 0.35)
        self.isoCode = isoCode
    }
}
