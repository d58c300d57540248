public import Foundation
public import Radiology

/// A plain-text report: UTF-8 (a byte-order mark is dropped), sections split at their headers.
/// Invalid UTF-8, NUL bytes and text with no letters are errors.
public struct PlainTextReportDecoder: Sendable {
    public static let name = "plain-text"
    public var splitter: SectionSplitter

    public init(splitter: SectionSplitter = SectionSplitter()) { self.splitter = splitter }

    public func decode(_ data: Data, language: LanguageCode) throws(DecodeError) -> DecodedReport {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.isEmpty else { throw DecodeError(.emptyFile, decoder: Self.name, "the file is empty") }
        guard !bytes.contains(0) else { throw DecodeError(.binaryText, decoder: Self.name, "the file holds NUL bytes: not text") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(bytes) ?? 0
            throw DecodeError(.invalidUTF8, decoder: Self.name, "invalid UTF-8 at byte \(offset)")
        }
        let report = Report(text: text, language: language, splitter: splitter)
        guard report.sections.contains(where: { $0.text.contains(where: \.isLetter) }) else {
            throw DecodeError(.emptyFile, decoder: Self.name, "the report has no text")
        }
        return DecodedReport(format: Self.name, report: report)
    }

    static func firstInvalidUTF8Offset(_ bytes: some Collection<UInt8>) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
