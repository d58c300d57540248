/// The writing systems the quality filters can check. `han` covers CJK ideographs; `japanese`
/// accepts kana and ideographs; `korean` accepts Hangul and ideographs (Hanja appear in
/// Korean medical text).
public enum WritingScript: String, Sendable, Codable, CaseIterable {
    case latin, cyrillic, greek, arabic, hebrew, devanagari, bengali, thai, han, japanese, korean, other

    /// The script a FLORES-200 script subtag denotes (`Latn` → latin, `Hans`/`Hant` → han, …).
    public init(floresScript script: Substring) {
        switch script {
        case "Latn": self = .latin
        case "Cyrl": self = .cyrillic
        case "Grek": self = .greek
        case "Arab": self = .arabic
        case "Hebr": self = .hebrew
        case "Deva": self = .devanagari
        case "Beng": self = .bengali
        case "Thai": self = .thai
        case "Hans", "Hant": self = .han
        case "Jpan": self = .japanese
        case "Hang", "Kore": self = .korean
        default: self = .other
        }
    }

    /// Whether `scalar` (a letter) belongs to this script. `other` accepts every letter.
    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch self {
        case .latin: return (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || (0xC0...0x24F).contains(v)
            || (0x1E00...0x1EFF).contains(v) || (0x2C60...0x2C7F).contains(v) || (0xA720...0xA7FF).contains(v)
            || (0x300...0x36F).contains(v)
        case .cyrillic: return (0x400...0x52F).contains(v) || (0x1C80...0x1C8F).contains(v) || (0x2DE0...0x2DFF).contains(v)
            || (0xA640...0xA69F).contains(v)
        case .greek: return (0x370...0x3FF).contains(v) || (0x1F00...0x1FFF).contains(v)
        case .arabic: return (0x600...0x6FF).contains(v) || (0x750...0x77F).contains(v) || (0x8A0...0x8FF).contains(v)
            || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
        case .hebrew: return (0x590...0x5FF).contains(v) || (0xFB1D...0xFB4F).contains(v)
        case .devanagari: return (0x900...0x97F).contains(v) || (0xA8E0...0xA8FF).contains(v)
        case .bengali: return (0x980...0x9FF).contains(v)
        case .thai: return (0xE00...0xE7F).contains(v)
        case .han: return Self.isHan(v)
        case .japanese: return Self.isHan(v) || (0x3040...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
            || (0xFF66...0xFF9F).contains(v)
        case .korean: return (0xAC00...0xD7AF).contains(v) || (0x1100...0x11FF).contains(v) || (0x3130...0x318F).contains(v)
            || Self.isHan(v)
        case .other: return true
        }
    }

    /// Scripts written without spaces between words: the filters count characters, not words.
    public var countsCharacters: Bool {
        switch self {
        case .han, .japanese, .thai: true
        default: false
        }
    }

    private static func isHan(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0xF900...0xFAFF).contains(v) || v == 0x3005 || v == 0x3007
    }
}
