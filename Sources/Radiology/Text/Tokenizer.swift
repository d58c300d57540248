/// Splits report text into ``Token``s in one pass over its UTF-8 bytes.
///
/// Words are runs of letters, digits and non-ASCII bytes (an apostrophe inside a word stays in
/// it: `can't`); hyphens join nothing (`x-ray` is `x`, `ray`; `well-defined` is `well`,
/// `defined`), so phrase lexicons write hyphenated terms with spaces. A number keeps one decimal
/// point between digits (`2.5`). Other punctuation marks listed in ``ByteClass/punctuationMarks``
/// become one-byte tokens; the CJK sentence marks `。` `！` `？` become three-byte punctuation
/// tokens (Chinese and Japanese write no space after them, so inside a word they would hide every
/// sentence end); any other byte separates tokens.
enum Tokenizer {
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token]) {
        ByteClass.symbol.withUnsafeBufferPointer { symbol in tokenize(bytes, symbol: symbol, into: &tokens) }
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, symbol: UnsafeBufferPointer<UInt8>,
                                 into tokens: inout [Token]) {
        let count = bytes.count
        var index = 0
        var spaceBefore = true
        var newlines: UInt8 = 0
        while index < count {
            let byte = bytes[index]
            let s = symbol[Int(byte)]
            if s == 38, let width = ByteClass.cjkSentenceMarkWidth(bytes, at: index) {
                tokens.append(Token(start: Int32(index), end: Int32(index &+ width), kind: .punctuation,
                                    spaceBefore: spaceBefore, newlinesBefore: newlines, capitalised: false))
                index &+= width
                spaceBefore = false
                newlines = 0
            } else if s < 36 || s == 38 {
                let start = index
                let isNumber = s >= 26 && s < 36
                var kind = isNumber ? Token.Kind.number : .word
                index &+= 1
                while index < count {
                    let b = bytes[index]
                    let t = symbol[Int(b)]
                    if t == 38, ByteClass.cjkSentenceMarkWidth(bytes, at: index) != nil {
                        break
                    } else if t < 36 || t == 38 {
                        if kind == .number && t < 26 { kind = .word }
                        index &+= 1
                    } else if t == 37, kind == .word, index &+ 1 < count,
                              symbol[Int(bytes[index &+ 1])] < 36 || symbol[Int(bytes[index &+ 1])] == 38 {
                        index &+= 1 // apostrophe inside a word
                    } else if b == UInt8(ascii: "."), kind == .number, index &+ 1 < count,
                              bytes[index &+ 1] >= UInt8(ascii: "0"), bytes[index &+ 1] <= UInt8(ascii: "9"),
                              !bytes[start..<index].contains(UInt8(ascii: ".")) {
                        index &+= 1 // decimal point
                    } else {
                        break
                    }
                }
                tokens.append(Token(start: Int32(start), end: Int32(index), kind: kind, spaceBefore: spaceBefore,
                                    newlinesBefore: newlines, capitalised: byte >= 65 && byte <= 90))
                spaceBefore = false
                newlines = 0
            } else if s >= 39 && s != ByteClass.unknownSymbol {
                tokens.append(Token(start: Int32(index), end: Int32(index &+ 1), kind: .punctuation,
                                    spaceBefore: spaceBefore, newlinesBefore: newlines, capitalised: false))
                index &+= 1
                spaceBefore = false
                newlines = 0
            } else {
                if byte == 10 { newlines = newlines < 2 ? newlines &+ 1 : 2 }
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 { spaceBefore = true }
                index &+= 1
            }
        }
    }
}
