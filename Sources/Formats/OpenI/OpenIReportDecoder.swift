public import Foundation
public import Radiology
@preconcurrency import CLibXML2

/// An Open-i / Indiana University chest X-ray report (`<eCitation>` XML): `AbstractText` sections by
/// `Label`, MeSH `major`/`automatic` terms, the `uId` study id and the `parentImage` ids of its
/// images.
///
/// Parsed by libxml2 with `XML_PARSE_NONET` and without entity substitution or DTD loading; a
/// document that declares a DTD or entities is refused outright, so nothing external is ever
/// fetched and no entity expands.
public struct OpenIReportDecoder: Sendable {
    public static let name = "openi-xml"
    public var splitter: SectionSplitter

    public init(splitter: SectionSplitter = SectionSplitter()) { self.splitter = splitter }

    public func decode(_ data: Data, defaultLanguage: LanguageCode) throws(DecodeError) -> DecodedReport {
        guard !data.isEmpty else { throw DecodeError(.emptyFile, decoder: Self.name, "the file is empty") }
        guard data.count < Int(Int32.max) else { throw DecodeError(.fileTooLarge, decoder: Self.name, "over 2 GiB") }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        xmlResetLastError()
        let parsed = data.withUnsafeBytes { raw in
            xmlReadMemory(raw.bindMemory(to: CChar.self).baseAddress, Int32(raw.count), "report.xml", nil, options)
        }
        guard let document = parsed else {
            throw DecodeError(.malformedXML, decoder: Self.name, Self.lastErrorMessage() ?? "not well-formed XML")
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            throw DecodeError(.forbiddenDTD, decoder: Self.name, "the document declares a DTD or entities, which are not accepted")
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw DecodeError(.malformedXML, decoder: Self.name, "the document has no root element")
        }
        var collected = Collected()
        collect(root, into: &collected)
        guard Self.name(of: root) == "eCitation" || !collected.sections.isEmpty else {
            throw DecodeError(.notOpenI, decoder: Self.name, "no <eCitation> root and no <AbstractText> sections")
        }
        let language = Self.attribute(root, "lang").flatMap { LanguageCode(iso: $0) } ?? defaultLanguage
        let sections = collected.sections.compactMap { label, text -> ReportSection? in
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return nil }
            let kind = splitter.kind(ofHeader: label) ?? .preamble
            return ReportSection(kind: kind, header: label, text: trimmed)
        }
        guard !sections.isEmpty else { throw DecodeError(.emptyFile, decoder: Self.name, "the report has no text") }
        return DecodedReport(format: Self.name, report: Report(language: language, sections: sections),
                             studyKey: collected.studyKey, imageReferences: collected.images, meshTerms: collected.terms)
    }

    private struct Collected {
        var sections: [(String, String)] = []
        var terms: [(term: String, isMajor: Bool)] = []
        var images: [String] = []
        var studyKey: String?
    }

    private func collect(_ node: xmlNodePtr, into collected: inout Collected) {
        var current: xmlNodePtr? = node
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE {
                switch Self.name(of: element) {
                case "AbstractText":
                    collected.sections.append((Self.attribute(element, "Label") ?? "", Self.content(element)))
                case "major", "automatic":
                    let term = Self.content(element).trimmingCharacters(in: .whitespacesAndNewlines)
                    if !term.isEmpty { collected.terms.append((term, Self.name(of: element) == "major")) }
                case "parentImage":
                    if let id = Self.attribute(element, "id"), !id.isEmpty, !collected.images.contains(id) { collected.images.append(id) }
                case "uId":
                    if collected.studyKey == nil, let id = Self.attribute(element, "id"), !id.isEmpty { collected.studyKey = id }
                default:
                    break
                }
                if let child = element.pointee.children { collect(child, into: &collected) }
            }
            current = element.pointee.next
        }
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { xmlFree(value) }
        return String(cString: value)
    }

    private static func content(_ node: xmlNodePtr) -> String {
        guard let value = xmlNodeGetContent(node) else { return "" }
        defer { xmlFree(value) }
        return String(cString: value)
    }

    private static func lastErrorMessage() -> String? {
        guard let error = xmlGetLastError(), let message = error.pointee.message else { return nil }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return "line \(error.pointee.line): \(text)"
    }
}
