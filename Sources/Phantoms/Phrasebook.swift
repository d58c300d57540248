import Radiology
internal import Foundation

/// Report sentence templates for one language: for each finding a positive, an uncertain (hedged)
/// and a negative sentence, as a radiologist would write them, plus neutral normal boilerplate.
///
/// Templates are data, one table per language group (`Phrasebook+….swift`). A template may hold
/// several variants separated by `" | "`; one is picked per report, and so may the words that fill
/// a placeholder. Placeholders: `{side}` (an adverbial phrase such as "on the right"),
/// `{severity}` (mild … marked), `{amount}` (small … large), `{extent}` (minimal … extensive, for
/// atelectasis and consolidation), `{base}` (the lung base(s) of the finding's side, or its lower
/// lobe), `{lobe}` (the lobe a consolidation fills), `{mm}` (a diameter in millimetres), and, in
/// English only, `{devices}`. A language without ``Places`` words `{base}` by side and `{lobe}` in
/// English; one without `extents` uses its severities for `{extent}`.
struct Phrasebook: Sendable {
    /// Positive, uncertain and negative templates of one finding.
    struct Entry: Sendable {
        let positive: String
        let uncertain: String
        let negative: String
    }

    /// How a language names the places of basal and lobar findings, so reports locate them as
    /// radiologists do ("at the left lung base", "in the right lower lobe").
    struct Places: Sendable {
        /// Right, left and both lung bases (each with `" | "` variants).
        let bases: [String]
        /// The lobes' names, as `{lobe}` fills them.
        let lobes: [Lobe: String]
    }

    let language: String
    /// Right, left, bilateral.
    let sides: [String]
    /// Mild, moderate, marked (for borderline findings the mild word is used).
    let severities: [String]
    /// Small, moderate, large.
    let amounts: [String]
    /// Minimal, moderate, extensive: the extent of atelectasis and consolidation.
    let extents: [String]
    /// Named lung bases and lobes; nil words them by side (and lobes in English).
    let places: Places?
    /// Neutral normal sentences that mention none of the 14 findings.
    let normal: [String]
    /// Impressions for a study with nothing positive or uncertain.
    let impressionNormal: [String]
    let entries: [Finding: Entry]

    init(_ language: String, sides: [String], severities: [String], amounts: [String]? = nil, extents: [String]? = nil,
         places: Places? = nil, normal: [String], impressionNormal: [String], _ entries: [Finding: (String, String, String)]) {
        self.language = language
        self.sides = sides
        self.severities = severities
        self.amounts = amounts ?? severities
        self.extents = extents ?? severities
        self.places = places
        self.normal = normal
        self.impressionNormal = impressionNormal
        self.entries = entries.mapValues { Entry(positive: $0.0, uncertain: $0.1, negative: $0.2) }
    }

    /// The findings every phrasebook must cover (No Finding is expressed by the normal text).
    static let coveredFindings = Finding.allCases.filter { $0 != .noFinding }

    /// The 21 languages of the default language table (English plus the 20 NLLB targets).
    static let all: [Phrasebook] = [
        english,
        chinese, japanese, korean,
        french, german, spanish, portuguese, italian,
        russian, arabic, hindi, vietnamese, thai, turkish, dutch, polish, indonesian, ukrainian, swedish,
        persian,
    ]

    static let byLanguage: [String: Phrasebook] = Dictionary(uniqueKeysWithValues: all.map { ($0.language, $0) })
}

extension Phrasebook {
    /// The variants of a template.
    static func variants(_ template: String) -> [String] {
        template.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
