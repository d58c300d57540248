import Foundation

/// The measurements the quality filters are built on. Pure functions over Unicode scalars.
public enum TextMeasures {
    /// Tokens for counting: words (runs of letters, digits and marks) in spaced scripts; single
    /// letters and digit runs in scripts written without spaces (CJK, Thai). Lowercased.
    public static func tokens(_ text: String, byCharacter: Bool) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { tokens.append(String(current).lowercased()); current = String.UnicodeScalarView() }
        }
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                || properties.generalCategory == .spacingMark {
                if byCharacter, properties.numericType == nil, !isMark(scalar), isWideLetter(scalar) {
                    flush()
                    tokens.append(String(scalar))
                } else if byCharacter, isMark(scalar) {
                    // A combining mark (Thai vowels and tones) belongs to the previous character.
                    if current.isEmpty, let last = tokens.popLast() { current.append(contentsOf: last.unicodeScalars) }
                    current.append(scalar)
                    flush()
                } else {
                    current.append(scalar)
                }
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return category == .nonspacingMark || category == .spacingMark
    }

    /// Letters of scripts counted per character (ideographs, kana, Hangul syllables, Thai).
    private static func isWideLetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v >= 0x2E80 || (0xE00...0xE7F).contains(v)
    }

    /// Lowercased letters and digits with single spaces between words: what "a copy" and
    /// "the same sentence" are judged on.
    public static func comparable(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// 1 − Levenshtein distance / longer length, over `comparable` forms; 1 for two empty texts.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let x = comparable(a), y = comparable(b)
        let longest = max(x.count, y.count)
        if longest == 0 { return 1 }
        if x.isEmpty || y.isEmpty { return 0 }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return 1 - Double(previous[y.count]) / Double(longest)
    }

    /// The longest run of one n-gram (n = 1…`maxN`) repeated back to back, e.g. 3 for
    /// "A B A B A B" (n = 2). 1 when nothing repeats.
    public static func longestConsecutiveRepeat<T: Equatable>(_ items: [T], maxN: Int = 4, minN: Int = 1) -> Int {
        var best = items.isEmpty ? 0 : 1
        guard items.count >= 2 else { return best }
        for n in minN...max(minN, maxN) where n * 2 <= items.count {
            for start in 0..<n {
                var run = 1
                var i = start
                while i + 2 * n <= items.count {
                    if items[i..<(i + n)].elementsEqual(items[(i + n)..<(i + 2 * n)]) {
                        run += 1
                        best = max(best, run)
                    } else {
                        run = 1
                    }
                    i += n
                }
            }
        }
        return best
    }

    /// The longest back-to-back run of a character n-gram (n = 2…16) over the letters of `text`
    /// (spaces and punctuation dropped), catching loops inside words ("abcabcabc").
    public static func longestCharacterRepeat(_ text: String) -> Int {
        let letters = text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }
        return longestConsecutiveRepeat(Array(letters.prefix(2_000)), maxN: 16, minN: 2)
    }

    /// Distinct n-grams / all n-grams; nil when there are fewer than `minimum` n-grams.
    public static func ngramUniqueness(_ tokens: [String], n: Int = 3, minimum: Int) -> Double? {
        guard tokens.count >= n else { return nil }
        let total = tokens.count - n + 1
        guard total >= minimum else { return nil }
        var seen = Set<[String]>()
        for i in 0..<total { seen.insert(Array(tokens[i..<(i + n)])) }
        return Double(seen.count) / Double(total)
    }

    /// Distinct tokens / all tokens; nil for fewer than `minimumTokens`.
    public static func typeTokenRatio(_ tokens: [String], minimumTokens: Int) -> Double? {
        guard tokens.count >= minimumTokens, !tokens.isEmpty else { return nil }
        return Double(Set(tokens).count) / Double(tokens.count)
    }

    /// Share of the letters of `text` that belong to `script`; nil for a text without letters.
    public static func scriptShare(_ text: String, script: WritingScript) -> Double? {
        var letters = 0, inScript = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            if script.contains(scalar) { inScript += 1 }
        }
        return letters == 0 ? nil : Double(inScript) / Double(letters)
    }

    /// The numbers of `text` as digit strings in any decimal script (Arabic-Indic, Devanagari,
    /// Thai, full-width digits become ASCII), leading zeros dropped, sorted: a multiset. "2.5"
    /// and "2,5" both give ["2", "5"], so decimal-comma languages keep their numbers.
    public static func numbers(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty {
                let trimmed = current.drop(while: { $0 == "0" })
                result.append(trimmed.isEmpty ? "0" : String(trimmed))
                current = ""
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                current.append(String(Int(value)))
            } else {
                flush()
            }
        }
        flush()
        return result.sorted()
    }

    /// Visible length: scalars that are not whitespace.
    public static func visibleLength(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
    }
}
