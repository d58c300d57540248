/// One HL7 v2 message split into segments and fields with the message's own encoding characters
/// (MSH-1 field separator; MSH-2 component, repetition, escape, subcomponent), escapes decoded on
/// request (`\F\ \S\ \T\ \R\ \E\`, `\.br\` → newline, `\Xhh…\` → bytes).
struct HL7Message {
    struct Segment {
        let name: String
        /// Fields by HL7 number: `fields[1]` is field 1 (for MSH, field 1 is the separator itself).
        let fields: [String]

        func field(_ number: Int) -> String { number < fields.count ? fields[number] : "" }
    }

    let segments: [Segment]
    let fieldSeparator: Character
    let component: Character
    let repetition: Character
    let escape: Character
    let subcomponent: Character

    /// Splits `text` (starting at `MSH`) into messages at each `MSH` segment.
    static func messages(in text: String) throws(DecodeError) -> [HL7Message] {
        let lines = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map(String.init).filter { !$0.isEmpty }
        guard let first = lines.first, first.hasPrefix("MSH"), first.count >= 8 else {
            throw DecodeError(.malformedHL7, decoder: HL7ReportDecoder.name, "the file does not start with an MSH segment")
        }
        var messages: [HL7Message] = []
        var current: [String] = []
        for line in lines {
            if line.hasPrefix("MSH"), !current.isEmpty {
                messages.append(try HL7Message(lines: current))
                current = []
            }
            current.append(line)
        }
        messages.append(try HL7Message(lines: current))
        return messages
    }

    init(lines: [String]) throws(DecodeError) {
        let header = Array(lines[0])
        guard header.count >= 8, String(header[0..<3]) == "MSH" else {
            throw DecodeError(.malformedHL7, decoder: HL7ReportDecoder.name, "a message does not start with MSH")
        }
        let separator = header[3]
        // HL7 delimiters are never letters or digits, and one that is M, S or H would split the
        // header's own name ("MSHM|…" cut at M leaves no segment called MSH).
        guard !separator.isLetter, !separator.isNumber else {
            throw DecodeError(.malformedHL7, decoder: HL7ReportDecoder.name, "the field separator (MSH-1) '\(separator)' is a letter or digit")
        }
        fieldSeparator = separator
        let encoding = Array(header[4...].prefix { $0 != separator })
        guard encoding.count >= 4 else {
            throw DecodeError(.malformedHL7, decoder: HL7ReportDecoder.name, "MSH-2 must hold four encoding characters, found '\(String(encoding))'")
        }
        (component, repetition, escape, subcomponent) = (encoding[0], encoding[1], encoding[2], encoding[3])
        segments = lines.map { line in
            let parts = line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            let name = parts.first ?? ""
            // MSH-1 is the separator itself, so MSH's fields shift by one.
            let fields = name == "MSH" ? [name, String(separator)] + parts.dropFirst() : parts
            return Segment(name: name, fields: Array(fields))
        }
    }

    func segments(_ name: String) -> [Segment] { segments.filter { $0.name == name } }

    /// Component `number` (1-based) of a field, unescaped.
    func component(_ field: String, _ number: Int) -> String {
        let parts = field.split(separator: component, omittingEmptySubsequences: false)
        return number - 1 < parts.count ? unescape(String(parts[number - 1])) : ""
    }

    /// The field's repetitions, each unescaped (components kept with their separators).
    func repetitions(_ field: String) -> [String] {
        field.split(separator: repetition, omittingEmptySubsequences: false).map { unescape(String($0)) }
    }

    func unescape(_ text: String) -> String {
        guard text.contains(escape) else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == escape, let close = text[text.index(after: index)...].firstIndex(of: escape) else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let sequence = String(text[text.index(after: index)..<close])
            switch sequence {
            case "F": output.append(fieldSeparator)
            case "S": output.append(component)
            case "T": output.append(subcomponent)
            case "R": output.append(repetition)
            case "E": output.append(escape)
            case ".br": output.append("\n")
            default:
                if sequence.hasPrefix("X"), sequence.count > 1, sequence.count % 2 == 1 {
                    var bytes: [UInt8] = []
                    var hex = sequence.dropFirst()
                    while !hex.isEmpty, let byte = UInt8(hex.prefix(2), radix: 16) { bytes.append(byte); hex = hex.dropFirst(2) }
                    output += String(decoding: bytes, as: UTF8.self)
                } else if !sequence.hasPrefix(".") && !sequence.hasPrefix("H") && !sequence.hasPrefix("N") {
                    output += "\(escape)\(sequence)\(escape)"  // unknown: kept as written
                }
            }
            index = text.index(after: close)
        }
        return output
    }
}
