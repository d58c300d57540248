/// A value in a TOML document (the subset m3clip's configuration uses: tables, strings, integers,
/// floats, booleans and arrays; no dates, no inline tables).
public enum TOMLValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])

    public var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .integer(let value): String(value)
        case .float(let value): String(value)
        case .boolean(let value): String(value)
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .table: "a table"
        }
    }
}

/// A syntax error in a TOML file, with its line number.
public struct TOMLSyntaxError: Error, CustomStringConvertible, Equatable {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// Parses TOML text into nested tables. Duplicate keys and tables are errors, as TOML requires.
public struct TOMLParser {
    private var scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var arrayDepth = 0

    public static func parse(_ text: String) throws(TOMLSyntaxError) -> [String: TOMLValue] {
        var parser = TOMLParser(scalars: Array(text.unicodeScalars))
        return try parser.document()
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private mutating func document() throws(TOMLSyntaxError) -> [String: TOMLValue] {
        var root: [String: TOMLValue] = [:]
        var currentPath: [String] = []
        var definedTables: Set<[String]> = []
        while true {
            skipWhitespaceAndComments(newlines: true)
            guard let scalar = peek() else { break }
            if scalar == "[" {
                advance()
                if peek() == "[" { throw error("arrays of tables are not supported") }
                skipWhitespace()
                let path = try dottedKey()
                skipWhitespace()
                try expect("]")
                guard definedTables.insert(path).inserted else { throw error("table [\(path.joined(separator: "."))] is defined twice") }
                try ensureTable(at: path, in: &root)
                currentPath = path
            } else {
                let key = try dottedKey()
                skipWhitespace()
                try expect("=")
                skipWhitespace()
                let value = try self.value()
                try insert(value, at: currentPath + key, in: &root)
            }
            skipWhitespaceAndComments(newlines: false)
            if let next = peek(), next != "\n", next != "\r" { throw error("unexpected '\(next)' after value") }
        }
        return root
    }

    private func ensureTable(at path: [String], in table: inout [String: TOMLValue]) throws(TOMLSyntaxError) {
        guard let head = path.first else { return }
        var child: [String: TOMLValue]
        switch table[head] {
        case nil: child = [:]
        case .table(let existing): child = existing
        default: throw error("'\(head)' is already a value, not a table")
        }
        try ensureTable(at: Array(path.dropFirst()), in: &child)
        table[head] = .table(child)
    }

    private func insert(_ value: TOMLValue, at path: [String], in table: inout [String: TOMLValue]) throws(TOMLSyntaxError) {
        let head = path[0]
        if path.count == 1 {
            guard table[head] == nil else { throw error("key '\(head)' is defined twice") }
            table[head] = value
            return
        }
        var child: [String: TOMLValue]
        switch table[head] {
        case nil: child = [:]
        case .table(let existing): child = existing
        default: throw error("'\(head)' is already a value, not a table")
        }
        try insert(value, at: Array(path.dropFirst()), in: &child)
        table[head] = .table(child)
    }

    private mutating func dottedKey() throws(TOMLSyntaxError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            skipWhitespace()
            guard peek() == "." else { return parts }
            advance()
            skipWhitespace()
            parts.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(TOMLSyntaxError) -> String {
        if peek() == "\"" { return try basicString() }
        if peek() == "'" { return try literalString() }
        var key = ""
        while let scalar = peek(), scalar.properties.isASCIIHexDigit || isBareKeyScalar(scalar) {
            key.unicodeScalars.append(scalar)
            advance()
        }
        guard !key.isEmpty else { throw error("expected a key") }
        return key
    }

    private func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    private mutating func value() throws(TOMLSyntaxError) -> TOMLValue {
        guard let scalar = peek() else { throw error("expected a value") }
        switch scalar {
        case "\"": return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": throw error("inline tables are not supported")
        case "t", "f": return try boolean()
        default: return try number()
        }
    }

    private mutating func array() throws(TOMLSyntaxError) -> TOMLValue {
        // Nesting is bounded: each level is a stack frame (200,000 `[` overflowed the stack).
        arrayDepth += 1
        defer { arrayDepth -= 1 }
        guard arrayDepth <= 64 else { throw error("arrays nested more than 64 deep") }
        try expect("[")
        var values: [TOMLValue] = []
        while true {
            skipWhitespaceAndComments(newlines: true)
            if peek() == "]" { advance(); return .array(values) }
            values.append(try value())
            skipWhitespaceAndComments(newlines: true)
            if peek() == "," { advance(); continue }
            try expect("]")
            return .array(values)
        }
    }

    private mutating func boolean() throws(TOMLSyntaxError) -> TOMLValue {
        if consume("true") { return .boolean(true) }
        if consume("false") { return .boolean(false) }
        throw error("expected a value")
    }

    private mutating func number() throws(TOMLSyntaxError) -> TOMLValue {
        var text = ""
        while let scalar = peek(), isBareKeyScalar(scalar) || scalar == "+" || scalar == "." {
            if scalar != "_" { text.unicodeScalars.append(scalar) }
            advance()
        }
        if let integer = Int(text) { return .integer(integer) }
        if !text.isEmpty, text.contains(where: { $0.isNumber }), let float = Double(text) { return .float(float) }
        switch text {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: throw error(text.isEmpty ? "expected a value" : "'\(text)' is not a value (strings need quotes)")
        }
    }

    private mutating func basicString() throws(TOMLSyntaxError) -> String {
        try expect("\"")
        var result = ""
        while let scalar = peek() {
            advance()
            switch scalar {
            case "\"": return result
            case "\n": throw error("newline in a string")
            case "\\":
                guard let escaped = peek() else { break }
                advance()
                switch escaped {
                case "n": result.unicodeScalars.append("\n")
                case "t": result.unicodeScalars.append("\t")
                case "r": result.unicodeScalars.append("\r")
                case "\"": result.unicodeScalars.append("\"")
                case "\\": result.unicodeScalars.append("\\")
                case "u", "U":
                    let count = escaped == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<count {
                        guard let digit = peek(), digit.properties.isASCIIHexDigit else { throw error("bad \\\(escaped) escape") }
                        hex.unicodeScalars.append(digit)
                        advance()
                    }
                    guard let code = UInt32(hex, radix: 16), let value = Unicode.Scalar(code) else { throw error("bad \\\(escaped) escape") }
                    result.unicodeScalars.append(value)
                default: throw error("unknown escape \\\(escaped)")
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        throw error("unterminated string")
    }

    private mutating func literalString() throws(TOMLSyntaxError) -> String {
        try expect("'")
        var result = ""
        while let scalar = peek() {
            advance()
            if scalar == "'" { return result }
            if scalar == "\n" { throw error("newline in a string") }
            result.unicodeScalars.append(scalar)
        }
        throw error("unterminated string")
    }

    private func peek() -> Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func advance() {
        if scalars[position] == "\n" { line += 1 }
        position += 1
    }

    private mutating func consume(_ word: String) -> Bool {
        let wordScalars = Array(word.unicodeScalars)
        guard position + wordScalars.count <= scalars.count,
              Array(scalars[position..<position + wordScalars.count]) == wordScalars else { return false }
        for _ in wordScalars { advance() }
        return true
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws(TOMLSyntaxError) {
        guard peek() == scalar else {
            throw error(peek().map { "expected '\(scalar)', found '\($0)'" } ?? "expected '\(scalar)' before the end")
        }
        advance()
    }

    private mutating func skipWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { advance() }
    }

    private mutating func skipWhitespaceAndComments(newlines: Bool) {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || (newlines && (scalar == "\n" || scalar == "\r")) {
                advance()
            } else if scalar == "#" {
                while let next = peek(), next != "\n" { advance() }
            } else {
                return
            }
        }
    }

    private func error(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, message: message) }
}
