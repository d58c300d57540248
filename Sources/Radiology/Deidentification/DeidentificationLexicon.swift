import Foundation

/// The word lists the de-identifier reads (`Resources/Deidentification/*.txt`, one entry a line,
/// `#` comments): titles, name-trigger phrases, months, street suffixes, facility words, identifier
/// and phone keywords, age units. Entries are matched case-insensitively.
struct DeidentificationLexicon: Sendable {
    var titles: Set<String> = []
    /// A name-trigger phrase: lowercase words; `needsColon` when the list writes it with a colon
    /// (`patient:` triggers only as `Patient: …`).
    struct Trigger: Sendable {
        var words: [String]
        var needsColon: Bool
    }

    /// Trigger phrases by their first word, longest first.
    var nameTriggers: [String: [Trigger]] = [:]
    var months: [String: Int] = [:]
    var streetSuffixes: Set<String> = []
    var facilityWords: Set<String> = []
    var idKeywords: Set<String> = []
    var phoneKeywords: Set<String> = []
    var ageUnits: Set<String> = []

    /// The lists shipped with the module, read once per process (every ingestor builds a scrubber).
    static func bundled() throws -> DeidentificationLexicon { try loaded.get() }

    private static let loaded = Result { try load() }

    private static func load() throws -> DeidentificationLexicon {
        guard let folder = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent("Deidentification") else {
            throw LexiconError(file: "Resources/Deidentification", message: "the module's de-identification lists are missing")
        }
        func entries(_ name: String) throws -> [String] {
            let file = folder.appendingPathComponent("\(name).txt")
            let text: String
            do { text = try String(contentsOf: file, encoding: .utf8) } catch {
                throw LexiconError(file: "Deidentification/\(name).txt", message: "cannot read: \(error)")
            }
            return text.split(separator: "\n").compactMap { line in
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let trimmed = content.trimmingCharacters(in: .whitespaces).lowercased()
                return trimmed.isEmpty ? nil : trimmed
            }
        }
        var lexicon = DeidentificationLexicon()
        lexicon.titles = Set(try entries("titles"))
        for entry in try entries("name_triggers") {
            let needsColon = entry.hasSuffix(":")
            let words = (needsColon ? String(entry.dropLast()) : entry).split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            lexicon.nameTriggers[first, default: []].append(Trigger(words: words, needsColon: needsColon))
        }
        for key in lexicon.nameTriggers.keys { lexicon.nameTriggers[key]!.sort { $0.words.count > $1.words.count } }
        for entry in try entries("months") {
            let parts = entry.split(separator: " ")
            guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else {
                throw LexiconError(file: "Deidentification/months.txt", message: "'\(entry)' is not NAME NUMBER")
            }
            lexicon.months[String(parts[0])] = number
        }
        lexicon.streetSuffixes = Set(try entries("street_suffixes"))
        lexicon.facilityWords = Set(try entries("facility_words"))
        lexicon.idKeywords = Set(try entries("id_keywords"))
        lexicon.phoneKeywords = Set(try entries("phone_keywords"))
        lexicon.ageUnits = Set(try entries("age_units"))
        return lexicon
    }
}
