extension LanguageCode {
    /// ISO 639-1 codes (`de`, `de-DE`, `zh-Hans`, `pt_BR`) of the languages m3clip handles, as HL7
    /// (MSH-19, PID-15) and FHIR (`language`) write them.
    static let isoCodes: [String: String] = [
        "en": "eng_Latn", "zh": "zho_Hans", "ja": "jpn_Jpan", "ko": "kor_Hang", "fr": "fra_Latn", "de": "deu_Latn",
        "es": "spa_Latn", "pt": "por_Latn", "it": "ita_Latn", "ru": "rus_Cyrl", "ar": "arb_Arab", "hi": "hin_Deva",
        "vi": "vie_Latn", "th": "tha_Thai", "tr": "tur_Latn", "nl": "nld_Latn", "pl": "pol_Latn", "id": "ind_Latn",
        "uk": "ukr_Cyrl", "sv": "swe_Latn", "fa": "pes_Arab", "cs": "ces_Latn", "da": "dan_Latn", "fi": "fin_Latn",
        "hu": "hun_Latn", "ro": "ron_Latn", "el": "ell_Grek", "he": "heb_Hebr", "nb": "nob_Latn", "no": "nob_Latn",
    ]

    /// The FLORES-200 code for an ISO 639-1 tag (its primary subtag), or a FLORES-200 code as is.
    public init?(iso tag: String) {
        let trimmed = tag.trimmingWhitespace()
        if let code = LanguageCode(trimmed) { self = code; return }
        let primary = trimmed.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        guard let flores = Self.isoCodes[primary], let code = LanguageCode(flores) else { return nil }
        self = code
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
