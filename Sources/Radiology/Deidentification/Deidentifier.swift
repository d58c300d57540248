import Foundation

/// Rule-based de-identification of report text (pure, no I/O): finds person names, dates, times,
/// identifiers, phone numbers, e-mail and web addresses, IP addresses, street addresses, ages over
/// 89 and facility names, and replaces each with its typed placeholder (`[NAME]`, `[DATE]`, …) so
/// that sentences keep their structure and the labeler still reads them.
///
/// What it recognises, in order of precedence:
/// - Open-i's `XXXX` (already scrubbed): left as it is.
/// - Token shapes: e-mail (`a@b.c`), URL (`http…`, `www.`), IPv4, numeric dates (`12/03/2024`,
///   `2024-03-12`, `12.03.24`), times (`14:32`, `2:05 pm`), phone numbers (`555-201-3321`,
///   `(555) 201-3321`, `+49 30 1234567` after a phone keyword), and any code with five or more
///   digits (`48392013`, `A1234567`) unless a unit follows (`12000 mGy`); after an identifier
///   keyword (`MRN`, `Accession`, `ID`, `#`, …) a code with three or more digits.
/// - Dates with month names (`March 12, 2024`, `12 Mar 2024`, `12. März 2024`, `March 2024`).
/// - Ages over 89 (`92-year-old`, `95 yo`, `aged 91`).
/// - Names: capitalised words after a title (`Dr. Anna Keller` → `Dr. [NAME]`), after a trigger
///   phrase (`dictated by`, `discussed with`, `Radiologist:`, …), and any word of `extraNames`.
/// - Street addresses (`12 Main Street`, `Hauptstraße 12`) and facilities (capitalised words
///   ending in or starting with a facility word — `Mercy General Hospital`, `Klinikum Nord` — and
///   the names in `extraFacilities`).
///
/// The lists are data files (`Resources/Deidentification/`). Work is one pass over the UTF-8 bytes
/// with a token array: tens of thousands of reports a second on one core.
public struct Deidentifier: Sendable {
    let lexicon: DeidentificationLexicon
    /// Extra person names (exact, case-sensitive words) always replaced.
    let extraNames: Set<String>
    /// Extra facility names as lowercase word sequences.
    let extraFacilities: [[String]]

    static let stopWords: Set<String> = ["the", "a", "an", "this", "that", "these", "is", "was", "were", "are", "has", "had", "have",
                                         "with", "and", "or", "of", "in", "on", "at", "to", "for", "no", "not", "there", "it",
                                         "findings", "impression", "history", "comparison", "technique", "indication", "chest",
                                         "der", "die", "das", "le", "la", "les"]
    static let units: Set<String> = ["mm", "cm", "m", "ml", "l", "mg", "g", "kg", "mgy", "gy", "mgy*cm", "dlp", "ms", "s", "hu", "kv", "kvp", "mas",
                                     "%", "units", "iu", "mmhg", "bpm", "px", "pixels"]

    public init(extraNames: [String] = [], extraFacilities: [String] = []) throws {
        lexicon = try DeidentificationLexicon.bundled()
        self.extraNames = Set(extraNames)
        self.extraFacilities = extraFacilities.map { $0.lowercased().split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
    }

    /// `report` with every section's text (and header) scrubbed, and the counts over all of it.
    public func scrub(_ report: Report, shiftingDates shifter: DateShifter? = nil) -> (report: Report, counts: [PHIKind: Int]) {
        var scrubbed = report
        var counts: [PHIKind: Int] = [:]
        for index in scrubbed.sections.indices {
            let result = scrub(scrubbed.sections[index].text, shiftingDates: shifter)
            scrubbed.sections[index].text = result.text
            counts.merge(result.counts, uniquingKeysWith: +)
        }
        return (scrubbed, counts)
    }

    /// `text` scrubbed. With `shifter`, dates are moved by its days (in their written form) instead
    /// of replaced by `[DATE]`; a date it cannot read is still replaced.
    public func scrub(_ text: String, shiftingDates shifter: DateShifter? = nil) -> DeidentifiedText {
        let bytes = Array(text.utf8)
        let tokens = ScrubToken.tokenize(bytes)
        var scan = DeidentificationScan(bytes: bytes, tokens: tokens, lexicon: lexicon, extraNames: extraNames, extraFacilities: extraFacilities)
        scan.shifter = shifter
        scan.run()
        return scan.render()
    }
}
