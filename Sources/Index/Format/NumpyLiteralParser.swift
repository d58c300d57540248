/// Parses the Python literal in a `.npy` header: a dict with string keys whose values are strings,
/// `True`/`False`, or tuples of non-negative integers. Nothing else occurs in the headers of the
/// matrices an index holds, so anything else is an error rather than evaluated.
struct NumpyLiteralParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDictionary() throws(IndexError) -> [String: NumpyLiteral] {
        try expect(UInt8(ascii: "{"))
        var fields: [String: NumpyLiteral] = [:]
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { position += 1; break }
            guard case .string(let key) = try parseValue() else { throw error("dict key is not a string") }
            try expect(UInt8(ascii: ":"))
            guard fields.updateValue(try parseValue(), forKey: key) == nil else { throw error("duplicate key '\(key)'") }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            break
        }
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the dict") }
        return fields
    }

    private mutating func parseValue() throws(IndexError) -> NumpyLiteral {
        skipWhitespace()
        guard let byte = peek() else { throw error("unexpected end") }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            position += 1
            let start = position
            while let next = peek(), next != byte {
                guard next != UInt8(ascii: "\\") else { throw error("escapes are not supported in strings") }
                position += 1
            }
            guard peek() == byte else { throw error("unterminated string") }
            defer { position += 1 }
            return .string(String(decoding: bytes[start..<position], as: UTF8.self))
        case UInt8(ascii: "("):
            position += 1
            var items: [Int] = []
            while true {
                skipWhitespace()
                if peek() == UInt8(ascii: ")") { position += 1; return .tuple(items) }
                items.append(try parseInteger())
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: ")"))
                return .tuple(items)
            }
        default:
            if consume("True") { return .bool(true) }
            if consume("False") { return .bool(false) }
            throw error("unsupported value at byte \(position)")
        }
    }

    private mutating func parseInteger() throws(IndexError) -> Int {
        var value = 0
        var digits = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw error("integer too large") }
            value = sum
            digits += 1
            position += 1
        }
        if peek() == UInt8(ascii: "L") { position += 1 }  // Python 2 longs in old files
        guard digits > 0 else { throw error("expected a non-negative integer at byte \(position)") }
        return value
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0a || byte == 0x09 || byte == 0x0d { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(IndexError) {
        skipWhitespace()
        guard peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))' at byte \(position)") }
        position += 1
    }

    private mutating func consume(_ word: String) -> Bool {
        let word = Array(word.utf8)
        guard position + word.count <= bytes.count, Array(bytes[position..<(position + word.count)]) == word else { return false }
        position += word.count
        return true
    }

    private func error(_ message: String) -> IndexError { IndexError(message) }
}
