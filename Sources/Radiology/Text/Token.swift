/// A token of report text: a word, a number or one punctuation mark, as a byte range into the
/// report's UTF-8 bytes. Case is kept in the bytes; matching folds it (see ``ByteClass``).
struct Token: Sendable {
    enum Kind: UInt8, Sendable {
        /// Letters and digits starting with a letter (`effusion`, `t12`, `can't`, `xxxx`).
        case word
        /// Digits, with at most one decimal point inside (`2`, `2.5`).
        case number
        /// One punctuation byte (`.`, `,`, `;`, `(`, `?`, …).
        case punctuation
    }

    var start: Int32
    var end: Int32
    var kind: Kind
    /// Whitespace precedes the token (the report's first token counts as preceded).
    var spaceBefore: Bool
    /// Line breaks between the previous token and this one (0, 1, or 2 for a blank line or more).
    var newlinesBefore: UInt8
    /// The first byte is an upper-case ASCII letter.
    var capitalised: Bool

    var length: Int { Int(end &- start) }
}

/// How the tokenizer and the phrase tries see each byte.
enum ByteClass {
    /// Trie symbols: 0–25 letters (case folded), 26–35 digits, 36 word separator, 37 apostrophe,
    /// 38 other bytes inside words (UTF-8 beyond ASCII), 39… punctuation marks.
    static let symbolCount = 53
    static let separatorSymbol: UInt8 = 36
    static let unknownSymbol: UInt8 = 255

    static let symbol: [UInt8] = {
        var table = [UInt8](repeating: unknownSymbol, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = byte &- UInt8(ascii: "a") }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = byte &- UInt8(ascii: "A") }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = 26 &+ byte &- UInt8(ascii: "0") }
        table[Int(UInt8(ascii: "'"))] = 37
        for byte in 0x80...0xFF { table[byte] = 38 }
        for (offset, mark) in punctuationMarks.utf8.enumerated() { table[Int(mark)] = 39 &+ UInt8(offset) }
        return table
    }()

    /// Punctuation that becomes a token of its own (14 marks, symbols 39–52).
    static let punctuationMarks = ".,;:()?!/[]+&="

    /// 3 when the bytes at `index` are a CJK sentence mark — the ideographic full stop `。`
    /// (E3 80 82) or the full-width `！` (EF BC 81) or `？` (EF BC 9F) — else nil.
    @inline(__always)
    static func cjkSentenceMarkWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        guard lead == 0xE3 || lead == 0xEF, index &+ 2 < bytes.count else { return nil }
        let second = bytes[index &+ 1], third = bytes[index &+ 2]
        if lead == 0xE3 { return second == 0x80 && third == 0x82 ? 3 : nil }
        return second == 0xBC && (third == 0x81 || third == 0x9F) ? 3 : nil
    }

    /// Whether `token` is a sentence's full stop: `.` or `。` (dropped from the sentence's text;
    /// `?` and `!` stay).
    static func isFullStop(_ token: Token, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.kind == .punctuation else { return false }
        let lead = bytes[Int(token.start)]
        return token.length == 1 ? lead == UInt8(ascii: ".") : lead == 0xE3
    }
}
