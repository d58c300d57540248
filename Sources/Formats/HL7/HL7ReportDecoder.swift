public import Foundation
public import Radiology

/// Radiology results as HL7 v2 ORU^R01 messages (`.hl7` files, or text starting with `MSH|`).
///
/// The report is the text of the OBX segments whose value type (OBX-2) is FT, TX or ST, in order,
/// each group headed by its observation (OBX-3): the LOINC codes radiology uses (18782-3 findings,
/// 19005-8 impression, 18834-2 comparison, 18785-6 indication, 55752-0 history, 55111-9 technique),
/// DICOM SR's `GDT`/`IMP`, or the code's text. Escapes (`\F\ \S\ \T\ \R\ \E\ \.br\ \Xhh\`) are
/// decoded. The study key is the Study Instance UID of a ZDS segment, else the filler order number
/// (OBR-3), else OBR-18/OBR-19; the language comes from MSH-19 or PID-15 (ISO 639-1), else the
/// default. Several messages in one file must be about one study; other message types, messages
/// without report text and files without an MSH segment are decode errors (quarantine).
public struct HL7ReportDecoder: Sendable {
    public static let name = "hl7-oru"
    public var splitter: SectionSplitter

    public init(splitter: SectionSplitter = SectionSplitter()) { self.splitter = splitter }

    /// Whether `data` looks like HL7 v2 (starts with `MSH` and a separator).
    public static func sniff(_ data: Data) -> Bool {
        let head = Array(data.prefix(8))
        return head.count >= 5 && head[0] == 0x4D && head[1] == 0x53 && head[2] == 0x48 && head[3] == 0x7C
    }

    static let headings: [String: String] = [
        "18782-3": "FINDINGS", "19005-8": "IMPRESSION", "18834-2": "COMPARISON", "18785-6": "INDICATION", "55752-0": "HISTORY",
        "55111-9": "TECHNIQUE", "GDT": "FINDINGS", "IMP": "IMPRESSION", "REC": "RECOMMENDATION", "ADD": "ADDENDUM",
    ]

    public func decode(_ data: Data, defaultLanguage: LanguageCode) throws(DecodeError) -> DecodedReport {
        guard !data.isEmpty else { throw DecodeError(.emptyFile, decoder: Self.name, "the file is empty") }
        // UTF-8, else ISO 8859-1 (MSH-18 often says 8859/1; every byte sequence is valid there).
        let text = String(data: data, encoding: .utf8) ?? String(decoding: data.map { UInt16($0) }, as: UTF16.self)
        let messages = try HL7Message.messages(in: text)
        var sections: [String] = []
        var keys: [String] = []
        var language: LanguageCode?
        for (number, message) in messages.enumerated() {
            let header = message.segments("MSH")[0]
            let type = message.component(header.field(9), 1)
            guard type == "ORU" else {
                throw DecodeError(.notAReport, decoder: Self.name, "message \(number + 1) is \(type.isEmpty ? "untyped" : type)^\(message.component(header.field(9), 2)), not an ORU result")
            }
            if language == nil {
                let tag = message.component(header.field(19), 1).isEmpty
                    ? message.segments("PID").first.map { message.component($0.field(15), 1) } ?? "" : message.component(header.field(19), 1)
                language = LanguageCode(iso: tag)
            }
            let key = message.segments("ZDS").first.map { message.component($0.field(1), 1) }.flatMap { $0.isEmpty ? nil : $0 }
                ?? message.segments("OBR").lazy.compactMap { obr in
                    [3, 18, 19].lazy.map { message.component(obr.field($0), 1) }.first { !$0.isEmpty }
                }.first
            if let key, !keys.contains(key) { keys.append(key) }
            var lastHeading: String?
            for obx in message.segments("OBX") where ["FT", "TX", "ST"].contains(obx.field(2)) {
                let code = message.component(obx.field(3), 1), label = message.component(obx.field(3), 2)
                let heading = Self.headings[code] ?? (label.isEmpty ? nil : label.uppercased())
                let value = message.repetitions(obx.field(5)).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty else { continue }
                if let heading, heading != lastHeading {
                    sections.append("\(heading):\n\(value)")
                    lastHeading = heading
                } else if sections.isEmpty {
                    sections.append(value)
                } else {
                    sections[sections.count - 1] += "\n" + value
                }
            }
        }
        guard keys.count <= 1 else {
            throw DecodeError(.unsupportedFormat, decoder: Self.name, "the file holds results of several studies (\(keys.joined(separator: ", "))): send one file per study")
        }
        guard !sections.isEmpty else {
            throw DecodeError(.notAReport, decoder: Self.name, "no OBX segment with report text (value type FT, TX or ST)")
        }
        let report = Report(text: sections.joined(separator: "\n\n"), language: language ?? defaultLanguage, splitter: splitter)
        return DecodedReport(format: Self.name, report: report, studyKey: keys.first)
    }
}
