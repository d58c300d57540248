public import Radiology

/// The languages m3clip translates between: English plus the 20 targets of 3M-CLIP (DESIGN.md
/// §4), and a few more NLLB-200 languages a site may add. A language missing here can still be
/// used: it gets a profile derived from its script (`profile(for:)`).
public enum LanguageTable {
    /// The default targets, translated from English (issue 5; configurable as `translation.targets`).
    public static let defaultTargets: [LanguageCode] = [
        "zho_Hans", "jpn_Jpan", "kor_Hang", "fra_Latn", "deu_Latn", "spa_Latn", "por_Latn", "ita_Latn", "rus_Cyrl", "arb_Arab",
        "hin_Deva", "vie_Latn", "tha_Thai", "tur_Latn", "nld_Latn", "pol_Latn", "ind_Latn", "ukr_Cyrl", "swe_Latn", "pes_Arab",
    ].map { LanguageCode($0)! }

    /// Every profile the table holds, English first.
    public static let profiles: [LanguageProfile] = [
        make("eng_Latn", "English", 1.00, iso: "en"),
        make("zho_Hans", "Chinese (Simplified)", 0.30, iso: "zh-Hans"),
        make("zho_Hant", "Chinese (Traditional)", 0.30, iso: "zh-Hant"),
        make("jpn_Jpan", "Japanese", 0.45, iso: "ja"),
        make("kor_Hang", "Korean", 0.45, iso: "ko"),
        make("fra_Latn", "French", 1.20, iso: "fr"),
        make("deu_Latn", "German", 1.20, iso: "de"),
        make("spa_Latn", "Spanish", 1.15, iso: "es"),
        make("por_Latn", "Portuguese", 1.15, iso: "pt"),
        make("ita_Latn", "Italian", 1.15, iso: "it"),
        make("rus_Cyrl", "Russian", 1.10, iso: "ru"),
        make("arb_Arab", "Arabic (Modern Standard)", 0.95, iso: "ar"),
        make("hin_Deva", "Hindi", 1.05, iso: "hi"),
        make("vie_Latn", "Vietnamese", 1.10, iso: "vi"),
        make("tha_Thai", "Thai", 1.00, iso: "th"),
        make("tur_Latn", "Turkish", 1.05, iso: "tr"),
        make("nld_Latn", "Dutch", 1.15, iso: "nl"),
        make("pol_Latn", "Polish", 1.15, iso: "pl"),
        make("ind_Latn", "Indonesian", 1.15, iso: "id"),
        make("ukr_Cyrl", "Ukrainian", 1.10, iso: "uk"),
        make("swe_Latn", "Swedish", 1.05, iso: "sv"),
        make("pes_Arab", "Persian (Western)", 0.95, iso: "fa"),
        make("ell_Grek", "Greek", 1.15, iso: "el"),
        make("heb_Hebr", "Hebrew", 0.85, iso: "he"),
        make("ben_Beng", "Bengali", 1.00, iso: "bn"),
        make("ces_Latn", "Czech", 1.00, iso: "cs"),
        make("dan_Latn", "Danish", 1.05, iso: "da"),
        make("fin_Latn", "Finnish", 1.10, iso: "fi"),
        make("hun_Latn", "Hungarian", 1.10, iso: "hu"),
        make("ron_Latn", "Romanian", 1.10, iso: "ro"),
    ]

    private static let byCode: [LanguageCode: LanguageProfile] = Dictionary(uniqueKeysWithValues: profiles.map { ($0.code, $0) })

    /// The profile of `code`; a language not in the table gets one derived from its script
    /// (length factor 1, the script's type-token floor, ISO code = the ISO 639-3 part).
    public static func profile(for code: LanguageCode) -> LanguageProfile {
        if let known = byCode[code] { return known }
        let script = WritingScript(floresScript: code.script)
        return LanguageProfile(code: code, name: code.rawValue, script: script,
                               lengthFactor: script.countsCharacters ? 0.4 : 1.0, isoCode: String(code.rawValue.prefix(3)))
    }

    /// Whether the table holds a tuned profile for `code`.
    public static func isKnown(_ code: LanguageCode) -> Bool { byCode[code] != nil }

    private static func make(_ code: String, _ name: String, _ lengthFactor: Double, iso: String) -> LanguageProfile {
        LanguageProfile(code: LanguageCode(code)!, name: name, lengthFactor: lengthFactor, isoCode: iso)
    }
}
