import Foundation
import Formats
import Radiology
import Store
import Testing
@testable import Daemon

/// A hospital drop in DICOM, HL7 and FHIR, and DICOM files that must be refused, through the real
/// ingestor and store.
@Suite struct DICOMIngestTests {
    @Test func aMixedHospitalDropIngestsIntoTwoStudies() throws {
        let fixture = try IngestFixture()
        let first = "1.2.826.0.1.3680043.10.7.1", second = "1.2.826.0.1.3680043.10.7.2"
        let hl7 = [
            "MSH|^~\\&|RIS|HOSP|M3CLIP|HOSP|20240312||ORU^R01|1|P|2.5.1",
            "OBR|1|ORD|ACC-7|||20240312",
            "ZDS|\(first)^RIS^Application^DICOM",
            "OBX|1|FT|18782-3^Findings^LN||Large right pleural effusion.||||||F",
            "OBX|2|FT|19005-8^Impression^LN||Right effusion.||||||F",
        ].joined(separator: "\r")
        let fhir = try JSONSerialization.data(withJSONObject: [
            "resourceType": "DiagnosticReport", "id": "r1", "conclusion": "No pneumothorax.",
            "imagingStudy": [["reference": "#s1"]],
            "contained": [["resourceType": "ImagingStudy", "id": "s1", "identifier": [["system": "urn:dicom:uid", "value": "urn:oid:\(first)"]]]],
        ])
        let paths = [
            try fixture.write("cr-0001.dcm", DICOMBuilder.chestCR(studyUID: first)),
            try fixture.write("result.hl7", Data(hl7.utf8)),
            try fixture.write("report.json", fhir),
            // No extension: recognised by its content.
            try fixture.write("SR000001", DICOMBuilder.basicTextSR(studyUID: second, findings: "The heart is enlarged.",
                                                                    impression: "Cardiomegaly. No pleural effusion.")),
        ]
        let outcome = try fixture.ingestor.ingest(paths)
        #expect(outcome.quarantined.isEmpty, "\(outcome.quarantined)")

        let study = try #require(try fixture.store.study(first))
        #expect(Set(study.reports.map(\.format)) == ["hl7-oru", "fhir-diagnosticreport"])
        let image = try #require(study.images.first)
        #expect(study.images.count == 1)
        #expect(image.format == "dicom" && image.width == 32 && image.height == 32 && image.bitsPerSample == 12)
        #expect(image.photometric == "MONOCHROME1" && image.view == "PA")
        #expect(image.acquisition == ["modality": "CR", "body_part": "CHEST", "view_position": "PA",
                                      "study_date": "20240312", "manufacturer": "Philips"])
        // No patient name or id reaches the store's text.
        #expect(!image.acquisition.values.contains { $0.contains("Doe") || $0.contains("MRN") })
        let hl7Report = try #require(study.reports.first { $0.format == "hl7-oru" })
        #expect(try fixture.store.labels(reportID: hl7Report.id)?.aggregate[.pleuralEffusion] == .positive)

        let srStudy = try #require(try fixture.store.study(second))
        #expect(srStudy.images.isEmpty)
        let sr = try #require(srStudy.reports.first)
        #expect(sr.format == "dicom-sr" && sr.language == "eng_Latn")
        #expect(sr.sections.map(\.kind) == ["findings", "impression"])
        #expect(sr.sections.map(\.text) == ["The heart is enlarged.", "Cardiomegaly. No pleural effusion."])
        let labels = try #require(try fixture.store.labels(reportID: sr.id))
        #expect(labels.aggregate[.cardiomegaly] == .positive)
        #expect(labels.aggregate[.pleuralEffusion] == .negative)

        // The stored blob decodes again as the grey image the encoders see.
        let blob = try fixture.store.blobs.read(try #require(ContentHash(hex: image.sha256)))
        let decoded = try ImageDecoder.decode(blob)
        #expect(decoded.width == 32 && decoded.format == "dicom")
    }

    /// Every real DICOM file the tests carry goes through the ingestor in one pass: the good ones are
    /// taken, the broken ones are quarantined with their reason, and the pass completes.
    @Test func realDICOMFilesAreTakenOrQuarantinedWithAReason() throws {
        let fixture = try IngestFixture(maxPixels: 1 << 22)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FormatsTests/Fixtures/DICOM")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".dcm") }.sorted()
        #expect(files.count >= 30)
        var paths: [URL] = []
        for (index, file) in files.enumerated() {
            paths.append(try fixture.write("f\(index)-\((file as NSString).lastPathComponent)",
                                           try Data(contentsOf: folder.appendingPathComponent(file))))
        }
        let outcome = try fixture.ingestor.ingest(paths)
        let reasons = Dictionary(outcome.quarantined.map { (($0.originalPath as NSString).lastPathComponent, $0.code) },
                                 uniquingKeysWith: { first, _ in first })
        func code(_ suffix: String) -> String? { reasons.first { $0.key.hasSuffix(suffix) }?.value }
        #expect(code("-MR_truncated.dcm") == "truncated-image")
        #expect(code("-meta_missing_tsyntax.dcm") == "malformed-dicom")
        #expect(code("-JPEG2000-embedded-sequence-delimiter.dcm") == "corrupt-image")
        #expect(code("-no_meta.dcm") == "not-an-image")
        // The two dicomscope SR templates hold only "Enter text" placeholders: still reports.
        #expect(reasons.count == 4, "\(reasons)")
        #expect(try fixture.store.verify().isEmpty)
    }
}
