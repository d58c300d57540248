public import Foundation
public import Radiology

/// FHIR R4 `DiagnosticReport` resources as JSON, alone or in a `Bundle` (`.json` files whose
/// `resourceType` says so).
///
/// The report's text: every `presentedForm` attachment of type `text/plain` (base64 `data`, its
/// `charset`), then the `conclusion` under IMPRESSION, then the `valueString` of each `result`
/// Observation found in the bundle or among the report's `contained` resources. The study key is
/// the DICOM Study Instance UID of the referenced `ImagingStudy` (its `identifier` with system
/// `urn:dicom:uid`, `urn:oid:` prefix dropped), else the report's first `identifier` value; the
/// language is the resource's `language` (ISO 639-1). A report whose only content is of another
/// type (`application/pdf`) is refused with that reason; several reports in one bundle must be
/// about one study.
public struct FHIRReportDecoder: Sendable {
    public static let name = "fhir-diagnosticreport"
    public var splitter: SectionSplitter

    public init(splitter: SectionSplitter = SectionSplitter()) { self.splitter = splitter }

    /// Whether JSON `data` is a DiagnosticReport or a Bundle (looks only at the first 4 KiB).
    public static func sniff(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        return head.contains("\"resourceType\"") && (head.contains("\"DiagnosticReport\"") || head.contains("\"Bundle\""))
    }

    public func decode(_ data: Data, defaultLanguage: LanguageCode) throws(DecodeError) -> DecodedReport {
        guard !data.isEmpty else { throw DecodeError(.emptyFile, decoder: Self.name, "the file is empty") }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DecodeError(.malformedJSON, decoder: Self.name, "the top level is not a JSON object")
            }
            root = object
        } catch let error as DecodeError {
            throw error
        } catch {
            throw DecodeError(.malformedJSON, decoder: Self.name, "not valid JSON: \(error.localizedDescription)")
        }
        var resources: [[String: Any]] = []
        switch root["resourceType"] as? String {
        case "DiagnosticReport": resources = [root]
        case "Bundle": resources = ((root["entry"] as? [[String: Any]]) ?? []).compactMap { $0["resource"] as? [String: Any] }
        case let other: throw DecodeError(.notAReport, decoder: Self.name, "resourceType \(other ?? "missing") is not DiagnosticReport or Bundle")
        }
        var byReference: [String: [String: Any]] = [:]
        for resource in resources {
            if let type = resource["resourceType"] as? String, let id = resource["id"] as? String { byReference["\(type)/\(id)"] = resource }
        }
        let reports = resources.filter { $0["resourceType"] as? String == "DiagnosticReport" }
        guard !reports.isEmpty else { throw DecodeError(.notAReport, decoder: Self.name, "the bundle holds no DiagnosticReport") }

        var parts: [String] = []
        var keys: [String] = []
        var language: LanguageCode?
        var refused: [String] = []
        for report in reports {
            if language == nil, let tag = report["language"] as? String { language = LanguageCode(iso: tag) }
            var contained: [String: [String: Any]] = [:]
            for resource in (report["contained"] as? [[String: Any]]) ?? [] {
                if let id = resource["id"] as? String { contained["#\(id)"] = resource }
            }
            func resolve(_ reference: Any?) -> [String: Any]? {
                guard let text = (reference as? [String: Any])?["reference"] as? String else { return nil }
                return contained[text] ?? byReference[text] ?? byReference.first { text.hasSuffix($0.key) }?.value
            }
            for form in (report["presentedForm"] as? [[String: Any]]) ?? [] {
                let type = (form["contentType"] as? String ?? "").lowercased()
                guard type.hasPrefix("text/plain") else { refused.append(type.isEmpty ? "an attachment without contentType" : type); continue }
                guard let base64 = form["data"] as? String, let bytes = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
                    refused.append("text/plain without inline data")
                    continue
                }
                let latin1 = type.contains("8859") || type.contains("latin")
                let text = latin1 ? String(decoding: bytes.map { UInt16($0) }, as: UTF16.self) : String(decoding: bytes, as: UTF8.self)
                parts.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if let conclusion = report["conclusion"] as? String, !conclusion.isEmpty { parts.append("IMPRESSION:\n\(conclusion)") }
            var findings: [String] = []
            for result in (report["result"] as? [Any]) ?? [] {
                if let value = resolve(result)?["valueString"] as? String, !value.isEmpty { findings.append(value) }
            }
            if !findings.isEmpty { parts.append("FINDINGS:\n" + findings.joined(separator: "\n")) }
            let studyUID = ((report["imagingStudy"] as? [Any]) ?? []).lazy.compactMap { resolve($0) }.compactMap { study in
                ((study["identifier"] as? [[String: Any]]) ?? []).first { ($0["system"] as? String) == "urn:dicom:uid" }?["value"] as? String
            }.first.map { $0.hasPrefix("urn:oid:") ? String($0.dropFirst(8)) : $0 }
            let key = studyUID ?? ((report["identifier"] as? [[String: Any]])?.first?["value"] as? String)
            if let key, !keys.contains(key) { keys.append(key) }
        }
        guard keys.count <= 1 else {
            throw DecodeError(.unsupportedFormat, decoder: Self.name, "the bundle holds reports of several studies (\(keys.joined(separator: ", "))): send one file per study")
        }
        let text = parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
        guard !text.isEmpty else {
            let reason = refused.isEmpty ? "no presentedForm text, conclusion or Observation valueString"
                : "unsupported content type \(refused.joined(separator: ", ")) and no text (only text/plain is read)"
            throw DecodeError(.notAReport, decoder: Self.name, reason)
        }
        return DecodedReport(format: Self.name, report: Report(text: text, language: language ?? defaultLanguage, splitter: splitter),
                             studyKey: keys.first)
    }
}
