import Foundation

/// One de-identification pass over one text.
struct DeidentificationScan {
    let bytes: [UInt8]
    let tokens: [ScrubToken]
    let lexicon: DeidentificationLexicon
    let extraNames: Set<String>
    let extraFacilities: [[String]]
    /// Byte ranges to replace, with their kind.
    var spans: [(start: Int, end: Int, kind: PHIKind)] = []
    /// Shifted dates, by span start (instead of `[DATE]`).
    var replacements: [Int: String] = [:]
    var shifter: DateShifter?
    /// Tokens already claimed by a span.
    var claimed: [Bool]
    var lowered: [String?]

    init(bytes: [UInt8], tokens: [ScrubToken], lexicon: DeidentificationLexicon, extraNames: Set<String>, extraFacilities: [[String]]) {
        self.bytes = bytes
        self.tokens = tokens
        self.lexicon = lexicon
        self.extraNames = extraNames
        self.extraFacilities = extraFacilities
        claimed = [Bool](repeating: false, count: tokens.count)
        lowered = [String?](repeating: nil, count: tokens.count)
    }

    // MARK: token helpers

    /// The token's core in lower case (ASCII folded byte by byte; other text through Foundation).
    mutating func lower(_ i: Int) -> String {
        if let cached = lowered[i] { return cached }
        let token = tokens[i]
        let slice = bytes[token.coreStart..<token.coreEnd]
        let text: String
        if slice.allSatisfy({ $0 < 0x80 }) {
            text = String(unsafeUninitializedCapacity: slice.count) { buffer in
                for (offset, b) in slice.enumerated() { buffer[offset] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
                return slice.count
            }
        } else {
            text = String(decoding: slice, as: UTF8.self).lowercased()
        }
        lowered[i] = text
        return text
    }

    /// Whether the core starts with `prefix` (ASCII, case-insensitive), without building a string.
    func coreHasPrefix(_ i: Int, _ prefix: StaticString) -> Bool {
        let token = tokens[i]
        guard token.coreLength >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { p in
            for offset in 0..<p.count {
                let b = bytes[token.coreStart + offset]
                if ((b >= 0x41 && b <= 0x5A) ? b | 0x20 : b) != p[offset] { return false }
            }
            return true
        }
    }

    /// Words the lists can hold are short: longer tokens skip every lookup.
    func isListCandidate(_ i: Int) -> Bool { tokens[i].coreLength <= 24 && tokens[i].letters > 0 }

    func core(_ i: Int) -> ArraySlice<UInt8> { bytes[tokens[i].coreStart..<tokens[i].coreEnd] }

    func coreString(_ i: Int) -> String { String(decoding: core(i), as: UTF8.self) }

    /// The raw token continues with `byte` right after its core (`Dr.` → `.`).
    func followedBy(_ i: Int, _ byte: UInt8) -> Bool {
        tokens[i].coreEnd < tokens[i].end && bytes[tokens[i].coreEnd] == byte
    }

    func isNumber(_ i: Int, in range: ClosedRange<Int>) -> Bool {
        let token = tokens[i]
        guard token.digits == token.coreLength, token.coreLength <= 4, token.coreLength > 0 else { return false }
        var value = 0
        for b in core(i) { value = value * 10 + Int(b - 0x30) }
        return range.contains(value)
    }

    /// A day number, also `12th`, `1st`, `12.` (German).
    mutating func isDay(_ i: Int) -> Bool {
        if isNumber(i, in: 1...31) { return true }
        let text = lower(i)
        for suffix in ["st", "nd", "rd", "th"] where text.hasSuffix(suffix) {
            if let value = Int(text.dropLast(2)), (1...31).contains(value) { return true }
        }
        return false
    }

    func isYear(_ i: Int) -> Bool { tokens[i].digits == 4 && tokens[i].coreLength == 4 && isNumber(i, in: 1900...2100) }

    mutating func mark(_ first: Int, _ last: Int, _ kind: PHIKind) {
        spans.append((tokens[first].coreStart, tokens[last].coreEnd, kind))
        for i in first...last { claimed[i] = true }
    }

    // MARK: the pass

    mutating func run() {
        for i in tokens.indices where !claimed[i] && !tokens[i].isEmpty {
            if isAlreadyScrubbed(i) { claimed[i] = true; continue }
            if shape(i) { continue }
            if monthDate(i) { continue }
            if age(i) { continue }
            if keywordIdentifier(i) { continue }
        }
        for i in tokens.indices where !claimed[i] && !tokens[i].isEmpty {
            if address(i) { continue }
            if facility(i) { continue }
            if names(i) { continue }
        }
    }

    func isAlreadyScrubbed(_ i: Int) -> Bool {
        tokens[i].coreLength >= 3 && core(i).allSatisfy { $0 == 0x58 }
    }

    /// E-mail, URL, IP, numeric date, time, phone, long codes: decided by the token's bytes.
    mutating func shape(_ i: Int) -> Bool {
        let token = tokens[i]
        let c = core(i)
        if let at = c.firstIndex(of: 0x40), c[at...].contains(0x2E), at > c.startIndex { mark(i, i, .email); return true }
        if token.letters > 0, coreHasPrefix(i, "http://") || coreHasPrefix(i, "https://") || coreHasPrefix(i, "www.") { mark(i, i, .url); return true }
        guard token.digits > 0 else { return false }
        let groups = c.split(omittingEmptySubsequences: false) { $0 == 0x2F || $0 == 0x2D || $0 == 0x2E }
        let allDigitGroups = groups.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if allDigitGroups, groups.count == 4, c.allSatisfy({ $0 == 0x2E || ($0 >= 0x30 && $0 <= 0x39) }),
           groups.allSatisfy({ $0.count <= 3 }) { mark(i, i, .ip); return true }
        if allDigitGroups, groups.count == 3 {
            let lengths = groups.map(\.count)
            if (lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 2 || lengths[2] == 4)) || (lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2) {
                mark(i, i, .date)
                if let shifter, let separator = c.first(where: { $0 == 0x2F || $0 == 0x2D || $0 == 0x2E }),
                   let moved = shifter.shift(numeric: groups.map { Int(String(decoding: $0, as: UTF8.self)) ?? 0 }, lengths: lengths, separator: separator) {
                    replacements[tokens[i].coreStart] = moved
                }
                return true
            }
            if lengths.reduce(0, +) >= 7 { mark(i, i, .phone); return true }
        }
        if allDigitGroups, groups.count == 2, groups.map(\.count).reduce(0, +) >= 7, groups.allSatisfy({ $0.count >= 3 }) {
            if i > 0, tokens[i - 1].digits == 3, tokens[i - 1].digits == tokens[i - 1].coreLength, !claimed[i - 1] { mark(i - 1, i, .phone) } else { mark(i, i, .phone) }
            return true
        }
        if time(i) { return true }
        if phoneAfterKeyword(i) { return true }
        if token.digits >= 5, Self.longestDigitRun(c) >= 5 {
            if i + 1 < tokens.count, Deidentifier.units.contains(lower(i + 1)) { return false }
            markCode(i, .id)
            return true
        }
        return false
    }

    /// `48392013` → 8, `16.2/24.7` → 2: measurements and ICD codes have short runs, identifiers long ones.
    static func longestDigitRun(_ c: ArraySlice<UInt8>) -> Int {
        var longest = 0, run = 0
        for b in c {
            if b >= 0x30 && b <= 0x39 { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }

    /// Replaces the code part of a token (`MRN:48392013` → `MRN:[ID]`).
    mutating func markCode(_ i: Int, _ kind: PHIKind) {
        let c = core(i)
        var start = tokens[i].coreStart
        if let separator = c.lastIndex(where: { $0 == 0x3A || $0 == 0x23 || $0 == 0x3D }), separator + 1 < tokens[i].coreEnd,
           c[(separator + 1)...].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            start = separator + 1
        }
        spans.append((start, tokens[i].coreEnd, kind))
        claimed[i] = true
    }

    mutating func time(_ i: Int) -> Bool {
        let c = core(i)
        let parts = c.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              parts[0].count <= 2, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let hour = Int(String(decoding: parts[0], as: UTF8.self)), hour <= 24,
              let minute = Int(String(decoding: parts[1], as: UTF8.self)), minute <= 59 else {
            // 1432 hours / 1432h
            if tokens[i].digits == 4, tokens[i].coreLength == 4, i + 1 < tokens.count, ["hours", "hrs", "h", "uhr"].contains(lower(i + 1)),
               isNumber(i, in: 0...2359) {
                mark(i, i, .time); return true
            }
            return false
        }
        var last = i
        if i + 1 < tokens.count, ["am", "pm", "a.m", "p.m", "uhr", "h", "hrs", "hours"].contains(lower(i + 1)) { last = i + 1 }
        mark(i, last, .time)
        return true
    }

    /// Digit groups after `phone`, `fax`, `tel`, … (`+49 30 1234567`, `(555) 201 3321`).
    mutating func phoneAfterKeyword(_ i: Int) -> Bool {
        var back = i - 1
        var sawKeyword = false
        while back >= 0, back >= i - 2 {
            if lexicon.phoneKeywords.contains(lower(back)) { sawKeyword = true; break }
            back -= 1
        }
        guard sawKeyword else { return false }
        var last = i
        var digits = tokens[i].digits
        while last + 1 < tokens.count, tokens[last + 1].digits > 0,
              core(last + 1).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E || $0 == 0x2B || $0 == 0x28 || $0 == 0x29 }) {
            last += 1
            digits += tokens[last].digits
        }
        guard digits >= 6 else { return false }
        var first = i
        if core(i).first == 0x2B || bytes[tokens[i].start] == 0x28 { first = i }
        spans.append((tokens[first].start == tokens[first].coreStart ? tokens[first].coreStart : tokens[first].start, tokens[last].coreEnd, .phone))
        for t in first...last { claimed[t] = true }
        return true
    }

    /// `March 12, 2024`, `12 March 2024`, `12. März 2024`, `March 2024`, `Mar 12`.
    mutating func monthDate(_ i: Int) -> Bool {
        guard tokens[i].letters >= 3, tokens[i].coreLength <= 10, tokens[i].digits == 0, lexicon.months[lower(i)] != nil else { return false }
        var first = i, last = i
        if i > 0, !claimed[i - 1], isDay(i - 1) { first = i - 1 }
        if i + 1 < tokens.count, !claimed[i + 1], isDay(i + 1) { last = i + 1 }
        if last + 1 < tokens.count, !claimed[last + 1], isYear(last + 1) { last += 1 }
        guard first != i || last != i else { return false }
        // "may" is a month only with a day next to it.
        if lower(i) == "may" || lower(i) == "mar" || lower(i) == "dec", first == i, last == i + 1, isYear(i + 1), !tokens[i].uppercaseFirst {
            return false
        }
        mark(first, last, .date)
        if let shifter, let month = lexicon.months[lower(i)] {
            let dayIndex = first < i ? first : (last > i && !isYear(i + 1) ? i + 1 : nil)
            let day = dayIndex.flatMap { Int(lower($0).prefix { $0.isNumber }) }
            let year = isYear(last) ? Int(coreString(last)) : nil
            if let day, let moved = shifter.shift(day: day, month: month, year: year, dayFirst: first < i) {
                replacements[tokens[first].coreStart] = moved
            }
        }
        return true
    }

    /// Ages over 89: `92-year-old`, `95 yo`, `91 years old`, `aged 93`.
    mutating func age(_ i: Int) -> Bool {
        let c = core(i)
        var digitCount = 0
        for b in c { if b >= 0x30 && b <= 0x39 { digitCount += 1 } else { break } }
        guard digitCount >= 2, digitCount <= 3, let value = Int(String(decoding: c.prefix(digitCount), as: UTF8.self)), (90...130).contains(value) else {
            return false
        }
        let rest = lower(i).dropFirst(digitCount).drop { $0 == "-" }
        let hasUnit = lexicon.ageUnits.contains(String(rest.split(separator: "-").first ?? ""))
            || (rest.isEmpty && i + 1 < tokens.count && lexicon.ageUnits.contains(String(lower(i + 1).split(separator: "-").first ?? "")))
            || (rest.isEmpty && i > 0 && ["age", "aged", "alter", "âge", "edad"].contains(lower(i - 1)))
        guard hasUnit else { return false }
        spans.append((tokens[i].coreStart, tokens[i].coreStart + digitCount, .age))
        claimed[i] = true
        return true
    }

    /// A code with three or more digits after `MRN`, `Accession`, `ID`, `#`, `No.`.
    mutating func keywordIdentifier(_ i: Int) -> Bool {
        guard (tokens[i].letters > 0 && tokens[i].coreLength <= 16) || core(i) == [0x23] else { return false }
        var word = lower(i)
        while word.hasSuffix("#") || word.hasSuffix(":") { word.removeLast() }
        guard lexicon.idKeywords.contains(word) || core(i) == [0x23] else { return false }
        var next = i + 1
        while next < tokens.count, next <= i + 2, tokens[next].digits == 0, ["#", "no", "nr", "number", ":", "-"].contains(lower(next)) { next += 1 }
        guard next < tokens.count, !claimed[next], tokens[next].digits >= 3 else { return false }
        if next + 1 < tokens.count, Deidentifier.units.contains(lower(next + 1)) { return false }
        markCode(next, .id)
        return true
    }

    /// `12 Main Street`, `4500 N. Oak Ave`, `Hauptstraße 12`.
    mutating func address(_ i: Int) -> Bool {
        let token = tokens[i]
        if token.digits == token.coreLength, token.coreLength <= 5, token.coreLength > 0 {
            var j = i + 1
            while j < tokens.count, j <= i + 4, tokens[j].uppercaseFirst, !claimed[j] {
                if lexicon.streetSuffixes.contains(lower(j)), j > i + 1 { mark(i, j, .address); return true }
                j += 1
            }
            return false
        }
        guard token.uppercaseFirst, token.digits == 0 else { return false }
        let word = lower(i)
        guard ["straße", "strasse", "weg", "allee", "platz", "gasse", "damm", "ring"].contains(where: { word.hasSuffix($0) && word.count > $0.count + 2 }),
              i + 1 < tokens.count, tokens[i + 1].digits > 0, tokens[i + 1].coreLength <= 4 else { return false }
        mark(i, i + 1, .address)
        return true
    }

    /// Capitalised words ending in (or starting with) a facility word, and configured facility names.
    mutating func facility(_ i: Int) -> Bool {
        for phrase in extraFacilities where i + phrase.count <= tokens.count {
            if phrase.indices.allSatisfy({ lower(i + $0) == phrase[$0] }) { mark(i, i + phrase.count - 1, .facility); return true }
        }
        guard tokens[i].uppercaseFirst, isListCandidate(i), lexicon.facilityWords.contains(lower(i)) else { return false }
        var first = i
        while first > 0, first > i - 4, tokens[first - 1].uppercaseFirst, !claimed[first - 1],
              !Deidentifier.stopWords.contains(lower(first - 1)), !followedBy(first - 1, 0x2E), !followedBy(first - 1, 0x3A) { first -= 1 }
        var last = i
        // "Hospital of Saint Mary", "Klinikum Nord"
        var j = i + 1
        if j < tokens.count, lower(j) == "of" || lower(j) == "de" || lower(j) == "du" { j += 1 }
        while j < tokens.count, j <= i + 3, tokens[j].uppercaseFirst, !claimed[j], !Deidentifier.stopWords.contains(lower(j)) {
            last = j
            if followedBy(j, 0x2E) || followedBy(j, 0x2C) { break }
            j += 1
        }
        guard first < i || last > i else { return false }
        mark(first, last, .facility)
        return true
    }

    /// Names after a title or a trigger phrase, and configured names.
    mutating func names(_ i: Int) -> Bool {
        if !extraNames.isEmpty, tokens[i].uppercaseFirst, extraNames.contains(coreString(i)) { mark(i, i, .name); return true }
        guard isListCandidate(i) else { return false }
        let word = lower(i)
        if tokens[i].letters == tokens[i].coreLength, lexicon.titles.contains(word) {
            return captureName(after: i)
        }
        guard let phrases = lexicon.nameTriggers[word] else { return false }
        for phrase in phrases where i + phrase.words.count <= tokens.count {
            guard phrase.words.indices.dropFirst().allSatisfy({ lower(i + $0) == phrase.words[$0] }) else { continue }
            let last = i + phrase.words.count - 1
            // "Radiologist: Marie Curie" needs its colon; no trigger reaches past the end of a sentence.
            if phrase.needsColon && !followedBy(last, 0x3A) { continue }
            if followedBy(last, 0x2E) { return false }
            var next = last + 1
            if next < tokens.count, lexicon.titles.contains(lower(next)) { next += 1 }
            return captureName(after: next - 1)
        }
        return false
    }

    /// `ID`, `AP`, `PA`, `ICU`: two or three capitals are a label, not a name.
    func isShortAcronym(_ i: Int) -> Bool {
        let c = core(i)
        return c.count >= 2 && c.count <= 3 && c.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// Up to three capitalised words (or initials) after token `i`.
    mutating func captureName(after i: Int) -> Bool {
        var j = i + 1
        var last = -1
        while j < tokens.count, j <= i + 3, !claimed[j], tokens[j].uppercaseFirst, tokens[j].digits == 0,
              !Deidentifier.stopWords.contains(lower(j)) || (tokens[j].letters == 1 && followedBy(j, 0x2E)),
              !lexicon.idKeywords.contains(lower(j)), !isShortAcronym(j), lexicon.months[lower(j)] == nil || j > i + 1 {
            last = j
            let initial = tokens[j].letters == 1
            if (followedBy(j, 0x2E) && !initial) || followedBy(j, 0x2C) || followedBy(j, 0x3A) || followedBy(j, 0x3B) { break }
            j += 1
        }
        guard last >= 0 else { return false }
        mark(i + 1, last, .name)
        return true
    }

    // MARK: output

    func render() -> DeidentifiedText {
        guard !spans.isEmpty else { return DeidentifiedText(text: String(decoding: bytes, as: UTF8.self), counts: [:]) }
        let sorted = spans.sorted { $0.start < $1.start }
        var merged: [(start: Int, end: Int, kind: PHIKind)] = []
        for span in sorted {
            if let previous = merged.last, span.start <= previous.end
                || (span.kind == previous.kind && replacements[span.start] == nil && replacements[previous.start] == nil
                    && bytes[previous.end..<span.start].allSatisfy { $0 == 0x20 }) {
                merged[merged.count - 1].end = max(previous.end, span.end)
            } else {
                merged.append(span)
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var counts: [PHIKind: Int] = [:]
        var position = 0
        for span in merged {
            output.append(contentsOf: bytes[position..<span.start])
            output.append(contentsOf: (replacements[span.start] ?? span.kind.placeholder).utf8)
            counts[span.kind, default: 0] += 1
            position = span.end
        }
        output.append(contentsOf: bytes[position...])
        return DeidentifiedText(text: String(decoding: output, as: UTF8.self), counts: counts)
    }
}
