/// Splits report text into sentences.
///
/// Works on ``Token``s, so it never splits a decimal (`2.5 cm`) and copes with what reports do:
/// - a period, `?` or `!` ends a sentence when whitespace or a capital letter follows (so
///   `effusion.No pneumothorax` is two sentences), unless it closes an abbreviation (`approx.`,
///   `vs.`, `e.g.`, `Dr.`, single letters) or a list marker;
/// - the CJK marks `。`, `！` and `？` always end a sentence (Chinese and Japanese put no space
///   after them); `。` is dropped like a period;
/// - numbered-list markers (`1.`, `2)`) start a new sentence and are dropped from it, also in
///   the middle of a line (`1. Stable cardiomegaly. 2. Clear lungs.`);
/// - a blank line ends a sentence, and so does a line break before a capital letter or a list
///   marker (a line break before a lower-case word is taken as wrapped text);
/// - the de-identification token `XXXX` is an ordinary word.
public struct SentenceSplitter: Sendable {
    /// Words that end with a period without ending the sentence (lower case, no period): English,
    /// and the common ones of German, French and Spanish reports (`bzw.` before a capitalised
    /// German noun, `ggf.`, `bds.`, `env.`, `aprox.`, `izq.`), so a sentence of a report in those
    /// languages is not cut in two.
    public static let defaultAbbreviations: Set<String> = [
        "approx", "vs", "eg", "ie", "dr", "mr", "mrs", "ms", "prof", "pt", "st", "fig", "incl", "resp",
        "cf", "al", "ca", "appt", "esp", "min", "max", "no",
        "bzw", "ggf", "evtl", "vgl", "inkl", "bds", "sog", "usw", "li", "re",
        "env", "aprox", "izq", "izda", "dcha", "dra",
    ]

    private let abbreviations: Set<String>

    public init(abbreviations: Set<String> = SentenceSplitter.defaultAbbreviations) {
        self.abbreviations = abbreviations
    }

    /// The sentences of `text`, each with list markers removed and whitespace collapsed.
    public func split(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var tokens: [Token] = []
            Tokenizer.tokenize(bytes, into: &tokens)
            return tokens.withUnsafeBufferPointer { buffer in
                sentences(tokens, bytes).map { SentenceSplitter.text(of: $0, tokens: buffer, bytes: bytes) }
            }
        }
    }

    /// Token index ranges of the sentences, list markers and trailing periods excluded.
    func sentences(_ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var index = 0
        func close(_ end: Int) {
            var last = end
            while last > start, ByteClass.isFullStop(tokens[last &- 1], bytes) {
                last &-= 1
            }
            if last > start { result.append(start..<last) }
        }
        while index < tokens.count {
            if index == start {
                // Skip list markers and bullets at the start of a sentence.
                if let width = listMarkerWidth(at: index, tokens, bytes) {
                    index &+= width
                    start = index
                    continue
                }
                index &+= 1
                continue
            }
            let token = tokens[index]
            if token.newlinesBefore >= 2
                || (token.newlinesBefore == 1 && (token.capitalised || listMarkerWidth(at: index, tokens, bytes) != nil)) {
                close(index)
                start = index
                continue
            }
            if token.kind == .number, listMarkerWidth(at: index, tokens, bytes) != nil, token.spaceBefore,
               index &+ 2 < tokens.count, tokens[index &+ 2].capitalised,
               tokens[index &- 1].kind != .number {
                // "… effusion 2. Cardiomegaly": a list marker inside a line.
                close(index)
                start = index
                continue
            }
            if token.kind == .punctuation, isTerminal(token, bytes), endsSentence(at: index, tokens, bytes, sentenceStart: start) {
                close(index &+ 1)
                index &+= 1
                start = index
                continue
            }
            index &+= 1
        }
        close(tokens.count)
        return result
    }

    private func isTerminal(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if token.length == 3 { return true }  // 。！？ (the only multi-byte punctuation tokens)
        let byte = bytes[Int(token.start)]
        return byte == UInt8(ascii: ".") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "!")
    }

    private func endsSentence(at index: Int, _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>, sentenceStart: Int) -> Bool {
        guard index &+ 1 < tokens.count, tokens[index].length == 1 else { return true }  // CJK marks need no space
        let next = tokens[index &+ 1]
        guard next.spaceBefore || next.capitalised || next.kind == .number else { return false }
        guard bytes[Int(tokens[index].start)] == UInt8(ascii: ".") else { return true }
        let previous = tokens[index &- 1]
        guard previous.kind == .word, previous.end == tokens[index].start else { return true }
        if previous.length == 1 { return next.spaceBefore && next.capitalised && !isInitialism(index, tokens) }
        if previous.length <= 6 {
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(previous.start)..<Int(previous.end)]), as: UTF8.self)
            if abbreviations.contains(word.lowercased()) {
                // "No. 2" is an abbreviation; "No." closing a sentence ("Effusion? No.") is not.
                return word.lowercased() == "no" && index &- 1 != sentenceStart ? true : false
            }
        }
        return true
    }

    /// "e.g." / "i.e.": a single letter, a period, a single letter, a period.
    private func isInitialism(_ index: Int, _ tokens: [Token]) -> Bool {
        index >= 3 && tokens[index &- 2].kind == .punctuation && tokens[index &- 3].length == 1
            && tokens[index &- 3].kind == .word
    }

    /// The number of tokens in a list marker (`1.`, `2)`, `(3)`, `-`, `*`) starting at `index`.
    private func listMarkerWidth(at index: Int, _ tokens: [Token], _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let token = tokens[index]
        if token.kind == .number, token.length <= 2, index &+ 1 < tokens.count {
            let mark = bytes[Int(tokens[index &+ 1].start)]
            let follower = tokens[index &+ 1]
            if follower.kind == .punctuation, !follower.spaceBefore, mark == UInt8(ascii: ".") || mark == UInt8(ascii: ")") {
                return 2
            }
        }
        if token.kind == .punctuation, bytes[Int(token.start)] == UInt8(ascii: "("), index &+ 2 < tokens.count,
           tokens[index &+ 1].kind == .number, tokens[index &+ 1].length <= 2,
           bytes[Int(tokens[index &+ 2].start)] == UInt8(ascii: ")") {
            return 3
        }
        if token.kind == .punctuation, bytes[Int(token.start)] == UInt8(ascii: "+") { return 1 }
        return nil
    }

    /// The text of a token range with single spaces where the report had whitespace.
    static func text(of range: Range<Int>, tokens: UnsafeBufferPointer<Token>, bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard !range.isEmpty else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(Int(tokens[range.upperBound &- 1].end &- tokens[range.lowerBound].start))
        var previousEnd = Int(tokens[range.lowerBound].start)
        for index in range {
            let token = tokens[index]
            let gap = UnsafeBufferPointer(rebasing: bytes[previousEnd..<Int(token.start)])
            if index != range.lowerBound {
                if token.spaceBefore { out.append(32) } else { out.append(contentsOf: gap) }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)]))
            previousEnd = Int(token.end)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
