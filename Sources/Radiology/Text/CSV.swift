import Foundation

/// RFC 4180 CSV: a reader for quoted fields (with commas, doubled quotes and line breaks inside
/// quotes, CRLF or LF line ends, a UTF-8 byte-order mark) and a writer that quotes only when
/// needed.
public enum CSV {
    /// A malformed CSV input.
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "CSV line \(line): \(message)" }
    }

    /// Parses all records of `text`. Empty lines between records are skipped.
    public static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var index = 0
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 10 { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\""):
                    guard field.isEmpty, !fieldWasQuoted else {
                        throw ParseError(line: line, message: "a quote inside an unquoted field")
                    }
                    inQuotes = true
                    fieldWasQuoted = true
                case 13 where index + 1 < bytes.count && bytes[index + 1] == 10: break
                case 10, 13:
                    endRecord()
                    line += 1
                default:
                    guard !fieldWasQuoted else { throw ParseError(line: line, message: "text after a closing quote") }
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes { throw ParseError(line: line, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// One CSV line (with the trailing newline), quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    public static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A CSV table with a header row, addressed by column name.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(text: String) throws {
        let records = try CSV.parse(text)
        guard let first = records.first else { throw CSV.ParseError(line: 1, message: "no header row") }
        header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
    }

    /// The index of column `name`, or an error naming the columns there are.
    public func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw CSV.ParseError(line: 1, message: "no column '\(name)' (columns: \(header.joined(separator: ", ")))")
        }
        return index
    }

    /// The value of `column` in `row` ("" when the table has no such column or the row is short).
    public func value(_ row: [String], _ column: String) -> String {
        guard let index = header.firstIndex(of: column), index < row.count else { return "" }
        return row[index]
    }
}
