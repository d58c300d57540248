import Foundation

/// The labeler's rules: mention phrases per observation and trigger phrases per kind, read from
/// a folder of text files (`Mentions/<observation>.txt`, `Triggers/<kind>.txt`) and compiled into
/// two phrase tries.
///
/// File format, one phrase per line:
/// - `#` starts a comment (whole line, or after whitespace at the end of a line);
/// - a phrase ending in `*` is a stem: its last word matches any word it begins (`atelecta*`);
/// - words are matched case-insensitively, hyphens as spaces (`x-ray` = `x ray`);
/// - mention files: `!phrase` is an unmention (blocks the mentions it contains), `~phrase` an
///   anatomy term (a mention only with an abnormality word or a negation);
///   `Mentions/other_abnormality.txt` lists findings outside the 14 that still rule out No Finding;
/// - trigger files for negation, uncertainty, pre-negation uncertainty and abnormality words start
///   each line with its scope direction: `>` forward, `<` backward, `<>` both, optionally followed
///   by the most tokens the forward scope may reach (`<>4 normal`).
///
/// Loading checks the rules: unknown file stems, a phrase listed twice (in one file or across
/// files), bad direction markers and characters the tokenizer cannot match are errors.
struct Lexicon: Sendable {
    var mentions = PhraseTrie<MentionRule>()
    var triggers = PhraseTrie<TriggerRule>()
    /// Phrases per file stem, for diagnostics and tests.
    private(set) var phraseCounts: [String: Int] = [:]

    static let otherAbnormalityStem = "other_abnormality"

    /// Loads the lexicon shipped with the module.
    static func bundled() throws -> Lexicon {
        guard let folder = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw LexiconError(file: "Resources", message: "the module's lexicon folder is missing")
        }
        return try Lexicon(folder: folder)
    }

    /// Loads every `*.txt` under `folder/Mentions` and `folder/Triggers`.
    init(folder: URL) throws {
        let files = FileManager.default
        for (subfolder, isMention) in [("Mentions", true), ("Triggers", false)] {
            let directory = folder.appendingPathComponent(subfolder)
            let names: [String]
            do {
                names = try files.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted()
            } catch {
                throw LexiconError(file: subfolder, message: "cannot list the folder: \(error)")
            }
            for name in names {
                let stem = String(name.dropLast(4))
                let relative = "\(subfolder)/\(name)"
                let text: String
                do {
                    text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                } catch {
                    throw LexiconError(file: relative, message: "cannot read: \(error)")
                }
                if isMention {
                    try addMentions(text, stem: stem, file: relative)
                } else {
                    try addTriggers(text, stem: stem, file: relative)
                }
            }
        }
    }

    private mutating func addMentions(_ text: String, stem: String, file: String) throws {
        let target: MentionRule.Target
        if stem == Lexicon.otherAbnormalityStem {
            target = .otherAbnormality
        } else if let observation = Observation.allCases.first(where: { $0.fileStem == stem }), observation != .noFinding {
            target = .observation(observation)
        } else {
            throw LexiconError(file: file, message: "'\(stem)' is not an observation's file stem (e.g. pleural_effusion)")
        }
        for (lineNumber, line) in Lexicon.lines(of: text) {
            var phrase = Substring(line)
            var rule = MentionRule(target: target, isAnatomy: false)
            if phrase.hasPrefix("!") {
                rule.target = .unmention
                phrase = phrase.dropFirst()
            } else if phrase.hasPrefix("~") {
                rule.isAnatomy = true
                phrase = phrase.dropFirst()
            }
            let (words, isStem) = try Lexicon.parse(phrase, file: file, line: lineNumber)
            do {
                try mentions.insert(words: words, isStem: isStem, payload: rule)
            } catch {
                throw Lexicon.error(error, phrase: phrase, file: file, line: lineNumber) { [mentions] in
                    "\(mentions.payloads[$0].target)"
                }
            }
            phraseCounts[stem, default: 0] += 1
        }
    }

    private mutating func addTriggers(_ text: String, stem: String, file: String) throws {
        guard let kind = TriggerKind(rawValue: stem) else {
            let known = TriggerKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw LexiconError(file: file, message: "'\(stem)' is not a trigger kind (\(known))")
        }
        for (lineNumber, line) in Lexicon.lines(of: text) {
            var phrase = Substring(line)
            var direction: ScopeDirection = []
            if phrase.hasPrefix("<>") {
                direction = [.forward, .backward]; phrase = phrase.dropFirst(2)
            } else if phrase.hasPrefix(">") {
                direction = .forward; phrase = phrase.dropFirst()
            } else if phrase.hasPrefix("<") {
                direction = .backward; phrase = phrase.dropFirst()
            }
            if kind.hasDirection == direction.isEmpty {
                throw LexiconError(file: file, line: lineNumber, message: kind.hasDirection
                    ? "start the line with its scope direction: '>' forward, '<' backward, '<>' both"
                    : "\(kind.rawValue) phrases take no direction marker")
            }
            var rule = TriggerRule(kind: kind, direction: direction)
            let digits = phrase.prefix(while: \.isNumber)
            if !digits.isEmpty {
                guard direction.contains(.forward), let window = Int(digits), window > 0 else {
                    throw LexiconError(file: file, line: lineNumber, message: "a window ('>3') needs a forward direction and a positive number")
                }
                rule.forwardWindow = window
                phrase = phrase.dropFirst(digits.count)
            }
            phrase = phrase.drop(while: { $0 == " " || $0 == "\t" })
            let (words, isStem) = try Lexicon.parse(phrase, file: file, line: lineNumber)
            do {
                try triggers.insert(words: words, isStem: isStem, payload: rule)
            } catch {
                throw Lexicon.error(error, phrase: phrase, file: file, line: lineNumber) { [triggers] in
                    "\(triggers.payloads[$0].kind.rawValue)"
                }
            }
            phraseCounts[stem, default: 0] += 1
        }
    }

    /// The words of a lexicon phrase and whether its last word is a stem.
    private static func parse(_ phrase: Substring, file: String, line: Int) throws -> (words: [String], isStem: Bool) {
        var phrase = phrase.trimmingCharacters(in: .whitespaces)
        let isStem = phrase.hasSuffix("*")
        if isStem { phrase.removeLast() }
        let words = Lexicon.words(of: phrase)
        guard !words.isEmpty else { throw LexiconError(file: file, line: line, message: "empty phrase") }
        return (words, isStem)
    }

    private static func error(_ error: PhraseInsertError, phrase: Substring, file: String, line: Int,
                              existing: (Int) -> String) -> LexiconError {
        switch error {
        case .empty: LexiconError(file: file, line: line, message: "empty phrase")
        case .unsupportedCharacter:
            LexiconError(file: file, line: line, message: "'\(phrase)' has a character the tokenizer never matches")
        case .duplicate(let index):
            LexiconError(file: file, line: line, message: "'\(phrase)' is listed twice (already as \(existing(index)))")
        }
    }

    /// The lower-case words of a phrase, split exactly as report text is tokenized.
    static func words(of phrase: String) -> [String] {
        var phrase = phrase
        return phrase.withUTF8 { bytes in
            var tokens: [Token] = []
            Tokenizer.tokenize(bytes, into: &tokens)
            return tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[Int($0.start)..<Int($0.end)]), as: UTF8.self).lowercased() }
        }
    }

    /// Non-empty lines without comments, with their 1-based numbers.
    static func lines(of text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { result.append((offset + 1, trimmed)) }
        }
        return result
    }
}
