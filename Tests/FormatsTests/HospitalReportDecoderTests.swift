import Foundation
import Radiology
import Testing
@testable import Formats

@Suite struct HL7ReportDecoderTests {
    static let uid = "1.2.840.113619.2.55.3.604688119.971.1386170911.1"
    /// An ORU^R01 with findings and impression OBX groups, escapes and a German MSH-19.
    static let message = [
        "MSH|^~\\&|RIS|HOSP|M3CLIP|HOSP|20240312143200||ORU^R01|MSG00001|P|2.5.1||||||8859/1|de",
        "PID|1||48392013^^^HOSP^MR||[NAME]",
        "OBR|1|ORD77|ACC-7741203|71046^XR CHEST 2V^CPT|||20240312140000||||||||||ACC-7741203|",
        "ZDS|\(uid)^RIS^Application^DICOM",
        "OBX|1|FT|18782-3^Radiology Study observation^LN||Herz normal groß.\\.br\\Kleiner Pleuraerguss links \\T\\ rechts.||||||F",
        "OBX|2|TX|18782-3^Radiology Study observation^LN||Kein Pneumothorax.||||||F",
        "OBX|3|FT|19005-8^Impression^LN||Kleiner Erguss links\\F\\ sonst unauffällig.||||||F",
        "OBX|4|NM|8867-4^Heart rate^LN||72|/min|||||F",
    ].joined(separator: "\r")

    @Test func readsObservationTextSectionsEscapesKeyAndLanguage() throws {
        let decoded = try HL7ReportDecoder().decode(Data(Self.message.utf8), defaultLanguage: .english)
        #expect(decoded.format == "hl7-oru" && decoded.studyKey == Self.uid)
        #expect(decoded.report.language == LanguageCode("deu_Latn")!)
        #expect(decoded.report.section(.findings)?.text == "Herz normal groß.\nKleiner Pleuraerguss links & rechts.\nKein Pneumothorax.")
        #expect(decoded.report.section(.impression)?.text == "Kleiner Erguss links| sonst unauffällig.")
        #expect(!decoded.report.sections.map(\.text).joined().contains("72"))
    }

    @Test func keysFallBackToTheFillerOrderNumberAndMessagesMayBeSeveral() throws {
        let withoutZDS = Self.message.split(separator: "\r").filter { !$0.hasPrefix("ZDS") }.joined(separator: "\n")
        let decoded = try HL7ReportDecoder().decode(Data((withoutZDS + "\n" + withoutZDS).utf8), defaultLanguage: .english)
        #expect(decoded.studyKey == "ACC-7741203")
        #expect(decoded.report.section(.findings)?.text.components(separatedBy: "Kein Pneumothorax.").count == 3)
    }

    @Test(arguments: [
        ("", "empty-file"),
        ("PID|1||x", "malformed-hl7"),
        ("MSH|^~", "malformed-hl7"),
        ("MSHM^~\\&MAMBMCMDM2024MMORU^R01M1MPM2.5", "malformed-hl7"),  // field separator M: found by Scripts/fuzz.sh hl7
        ("MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5\rPID|1", "not-a-report"),
        ("MSH|^~\\&|A|B|C|D|2024||ORU^R01|1|P|2.5\rOBR|1|X|Y\rOBX|1|NM|1^x||5", "not-a-report"),
        ("MSH|^~\\&|A|B|C|D|2024||ORU^R01|1|P|2.5\rOBR|1||S1\rOBX|1|TX|x^y||a\rMSH|^~\\&|A|B|C|D|2024||ORU^R01|2|P|2.5\rOBR|1||S2\rOBX|1|TX|x^y||b", "unsupported-format"),
    ])
    func refusesWhatIsNotAReport(text: String, code: String) {
        let error = #expect(throws: DecodeError.self) { try HL7ReportDecoder().decode(Data(text.utf8), defaultLanguage: .english) }
        #expect(error?.code.name == code, "\(String(describing: error))")
    }

    @Test func sniffsMSH() {
        #expect(HL7ReportDecoder.sniff(Data("MSH|^~\\&|".utf8)) && !HL7ReportDecoder.sniff(Data("FINDINGS: MSH|".utf8)))
    }
}

@Suite struct FHIRReportDecoderTests {
    static func bundle(form: [String: Any]? = nil, conclusion: String? = "No acute cardiopulmonary process.", second: Bool = false) throws -> Data {
        var report: [String: Any] = [
            "resourceType": "DiagnosticReport", "id": "r1", "language": "en-US", "status": "final",
            "identifier": [["system": "urn:hosp:acc", "value": "ACC-1"]],
            "imagingStudy": [["reference": "ImagingStudy/s1"]],
            "result": [["reference": "Observation/o1"], ["reference": "#c1"]],
            "contained": [["resourceType": "Observation", "id": "c1", "valueString": "No pneumothorax."]],
        ]
        if let conclusion { report["conclusion"] = conclusion }
        if let form { report["presentedForm"] = [form] }
        var entries: [[String: Any]] = [
            ["resource": report],
            ["resource": ["resourceType": "Observation", "id": "o1", "valueString": "Small left pleural effusion."]],
            ["resource": ["resourceType": "ImagingStudy", "id": "s1",
                          "identifier": [["system": "urn:dicom:uid", "value": "urn:oid:1.2.3.4.5"]]]],
        ]
        if second {
            entries.append(["resource": ["resourceType": "DiagnosticReport", "id": "r2", "identifier": [["value": "OTHER"]], "conclusion": "x"]])
        }
        return try JSONSerialization.data(withJSONObject: ["resourceType": "Bundle", "type": "collection", "entry": entries])
    }

    @Test func readsFormConclusionAndObservationsWithTheStudyUID() throws {
        let text = Data("FINDINGS: Heart size normal.".utf8).base64EncodedString()
        let decoded = try FHIRReportDecoder().decode(try Self.bundle(form: ["contentType": "text/plain; charset=utf-8", "data": text]),
                                                     defaultLanguage: LanguageCode("deu_Latn")!)
        #expect(decoded.format == "fhir-diagnosticreport" && decoded.studyKey == "1.2.3.4.5")
        #expect(decoded.report.language == .english)
        let findings = decoded.report.sections.filter { $0.kind == .findings }.map(\.text).joined(separator: "\n")
        #expect(findings.contains("Heart size normal.") && findings.contains("Small left pleural effusion.") && findings.contains("No pneumothorax."))
        #expect(decoded.report.section(.impression)?.text == "No acute cardiopulmonary process.")
    }

    @Test func refusesPDFOnlyReportsAndMixedStudies() throws {
        let pdf = #expect(throws: DecodeError.self) {
            try FHIRReportDecoder().decode(try Self.bundle(form: ["contentType": "application/pdf", "data": "JVBERi0="], conclusion: nil)
                .replacing(Data("\"result\"".utf8), with: Data("\"ignored\"".utf8)), defaultLanguage: .english)
        }
        #expect(pdf?.code.name == "not-a-report" && pdf?.message.contains("application/pdf") == true, "\(String(describing: pdf))")
        let mixed = #expect(throws: DecodeError.self) { try FHIRReportDecoder().decode(try Self.bundle(second: true), defaultLanguage: .english) }
        #expect(mixed?.code.name == "unsupported-format")
        let patient = #expect(throws: DecodeError.self) {
            try FHIRReportDecoder().decode(Data(#"{"resourceType": "Patient"}"#.utf8), defaultLanguage: .english)
        }
        #expect(patient?.code.name == "not-a-report")
        #expect(throws: DecodeError.self) { try FHIRReportDecoder().decode(Data("{not json".utf8), defaultLanguage: .english) }
    }
}
