public import Foundation
public import Radiology

/// A DICOM Structured Report (Basic Text, Enhanced, Comprehensive SR) → a report: the content tree
/// is walked depth first, and each TEXT item becomes text of the section its nearest titled
/// CONTAINER names (or, outside one, its own concept name) — Findings, Impression, Conclusion,
/// History, … — by code (DCM, LOINC) and, failing that, by the concept name's meaning. Text under
/// no recognised heading (templates with private codes, as OFFIS's) becomes the preamble, which is
/// labeled like findings.
///
/// Only TEXT values related by CONTAINS are report text: observation context (the observer's name
/// and organisation), concept modifiers and properties are not, nor are codes, numbers and image
/// references. The study
/// key is the Study Instance UID. The language is the document's "Language of Content Item and
/// Descendants" (DCM 121049) when it names one m3clip knows.
public struct DICOMStructuredReportDecoder: Sendable {
    public static let name = "dicom-sr"

    public init() {}

    public func decode(_ data: Data, defaultLanguage: LanguageCode) throws(DecodeError) -> DecodedReport {
        try decode(DICOMFile(parsing: data), defaultLanguage: defaultLanguage)
    }

    public func decode(_ file: DICOMFile, defaultLanguage: LanguageCode) throws(DecodeError) -> DecodedReport {
        guard file.isStructuredReport else {
            throw DecodeError(.notAReport, decoder: Self.name, "the object (SOP class \(file.sopClassUID ?? "unknown")) is not a structured report")
        }
        var sections: [ReportSectionKind: [String]] = [:]
        var order: [ReportSectionKind] = []
        var language: LanguageCode?
        func walk(_ items: [DICOMDataSet], section: ReportSectionKind?, depth: Int) {
            guard depth <= DICOMParser.maxDepth else { return }
            for item in items {
                let concept = item.sequence(.conceptNameCodeSequence).first
                let valueType = item.string(.valueType)?.uppercased()
                let kind = valueType == "CONTAINER" ? concept.flatMap(Self.sectionKind) ?? section
                                                    : section ?? concept.flatMap(Self.sectionKind)
                switch valueType {
                case "TEXT":
                    let relationship = item.string(.relationshipType)?.uppercased()
                    if relationship == nil || relationship == "CONTAINS", let text = item.text(.textValue) {
                        let kind = kind ?? .preamble
                        if sections[kind] == nil { order.append(kind) }
                        sections[kind, default: []].append(text.replacingOccurrences(of: "\r\n", with: "\n")
                            .replacingOccurrences(of: "\r", with: "\n"))
                    }
                case "CODE":
                    if concept?.string(.codeValue) == "121049", concept?.string(.codingSchemeDesignator) == "DCM",
                       let code = item.sequence(.conceptCodeSequence).first?.string(.codeValue), language == nil {
                        language = LanguageCode(iso: code)
                    }
                default: break
                }
                walk(item.sequence(.contentSequence), section: kind, depth: depth + 1)
            }
        }
        walk(file.dataSet.sequence(.contentSequence), section: nil, depth: 0)
        let reportSections = order.map { kind in
            ReportSection(kind: kind, header: Self.header(kind), text: sections[kind, default: []].joined(separator: "\n"))
        }
        guard !reportSections.isEmpty else {
            throw DecodeError(.notAReport, decoder: Self.name, "the structured report has no TEXT content item")
        }
        let report = Report(language: language ?? defaultLanguage, sections: reportSections)
        let key = file.dataSet.string(.studyInstanceUID) ?? file.dataSet.string(.accessionNumber)
        return DecodedReport(format: Self.name, report: report, studyKey: key)
    }

    /// The section a concept name heads, by code first (DCM, LOINC), then by its meaning.
    static func sectionKind(_ concept: DICOMDataSet) -> ReportSectionKind? {
        let scheme = concept.string(.codingSchemeDesignator)?.uppercased()
        if let code = concept.string(.codeValue) {
            switch (scheme, code) {
            case ("DCM", "121070"), ("DCM", "121071"), ("LN", "59776-5"), ("LN", "18782-3"), ("LN", "121070"): return .findings
            case ("DCM", "121072"), ("DCM", "121073"), ("LN", "19005-8"): return .impression
            case ("DCM", "121076"), ("DCM", "121077"), ("LN", "55110-1"): return .conclusion
            case ("DCM", "121060"), ("DCM", "121109"), ("LN", "11329-0"), ("LN", "18785-6"): return .history
            case ("DCM", "121062"), ("DCM", "121064"), ("LN", "55115-0"): return .indication
            case ("DCM", "121065"), ("LN", "55111-9"): return .technique
            case ("DCM", "122495"), ("LN", "18834-2"): return .comparison
            default: break
            }
        }
        guard let meaning = concept.string(.codeMeaning)?.lowercased() else { return nil }
        if meaning.hasPrefix("finding") || meaning.contains("observation") { return .findings }
        if meaning.hasPrefix("impression") { return .impression }
        if meaning.hasPrefix("conclusion") || meaning.hasPrefix("summary") { return .conclusion }
        if meaning.contains("history") { return .history }
        if meaning.hasPrefix("request") || meaning.hasPrefix("indication") || meaning.hasPrefix("reason for") { return .indication }
        if meaning.hasPrefix("procedure") || meaning.hasPrefix("technique") { return .technique }
        if meaning.hasPrefix("comparison") { return .comparison }
        return nil
    }

    private static func header(_ kind: ReportSectionKind) -> String? {
        kind == .preamble ? nil : kind.rawValue.uppercased()
    }
}
