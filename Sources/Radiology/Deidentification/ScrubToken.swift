/// A whitespace-delimited token of a report as the de-identifier sees it: byte offsets into the
/// UTF-8 text of the whole token and of its core (surrounding brackets, quotes and trailing
/// punctuation stripped: `(Dr.` → `Dr`, `12/03/2024,` → `12/03/2024`).
struct ScrubToken {
    var start: Int
    var end: Int
    var coreStart: Int
    var coreEnd: Int
    /// The first token of a line.
    var startsLine: Bool
    var digits = 0
    var letters = 0
    var uppercaseFirst = false

    var isEmpty: Bool { coreStart >= coreEnd }
    var coreLength: Int { coreEnd - coreStart }

    static func tokenize(_ bytes: [UInt8]) -> [ScrubToken] {
        var tokens: [ScrubToken] = []
        tokens.reserveCapacity(bytes.count / 5)
        var index = 0
        var newline = true
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if byte == 0x0A { newline = true }
                index &+= 1
                continue
            }
            let start = index
            while index < count, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != 0x0A, bytes[index] != 0x0D { index &+= 1 }
            var coreStart = start, coreEnd = index
            while coreStart < coreEnd, Self.isLeading(bytes[coreStart]) { coreStart &+= 1 }
            while coreEnd > coreStart, Self.isTrailing(bytes[coreEnd &- 1]) { coreEnd &-= 1 }
            var token = ScrubToken(start: start, end: index, coreStart: coreStart, coreEnd: coreEnd, startsLine: newline)
            var position = coreStart
            while position < coreEnd {
                let b = bytes[position]
                if b >= 0x30 && b <= 0x39 { token.digits &+= 1 } else if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0xC0 { token.letters &+= 1 }
                position &+= 1
            }
            if coreStart < coreEnd {
                let first = bytes[coreStart]
                // ASCII capitals, and the Latin-1 capitals À–Þ (UTF-8 C3 80–9E).
                token.uppercaseFirst = (first >= 0x41 && first <= 0x5A)
                    || (first == 0xC3 && coreStart + 1 < coreEnd && bytes[coreStart + 1] >= 0x80 && bytes[coreStart + 1] <= 0x9E)
            }
            tokens.append(token)
            newline = false
        }
        return tokens
    }

    @inline(__always) static func isLeading(_ b: UInt8) -> Bool {
        b == 0x28 || b == 0x5B || b == 0x7B || b == 0x22 || b == 0x27 || b == 0x3C
    }

    @inline(__always) static func isTrailing(_ b: UInt8) -> Bool {
        b == 0x29 || b == 0x5D || b == 0x7D || b == 0x22 || b == 0x27 || b == 0x3E || b == 0x2C || b == 0x3B || b == 0x3A
            || b == 0x2E || b == 0x21 || b == 0x3F
    }
}
