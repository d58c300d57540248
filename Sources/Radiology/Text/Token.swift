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
}
