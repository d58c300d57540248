import Foundation
import Formats
import Radiology
import Store
import Testing
@testable import Daemon

/// A temporary inbox and store.
final class IngestFixture {
    let root: URL
    let inbox: URL
    let store: CorpusStore
    let ingestor: Ingestor

    init(maxPixels: Int = 1 << 24) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-ingest-\(UUID().uuidString)")
        inbox = root.appendingPathComponent("Inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        store = try CorpusStore.open(at: root.appendingPathComponent("Store"))
        ingestor = try Ingestor(store: store, defaultLanguage: .english, limits: ImageLimits(maxPixels: maxPixels, maxSide: 4096),
                            maxFileBytes: 1 << 20)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func write(_ relativePath: String, _ data: Data) throws -> URL {
        let url = inbox.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    static func png(width: Int = 16, height: Int = 16) throws -> Data {
        Data(try PNGEncoder.encodeGray16((0..<(width * height)).map { UInt16($0 * 97 % 65_536) }, width: width, height: height))
    }
}

@Suite struct IngestorTests {
    @Test func takesStudyFoldersAndLooseFilesAsOneVersion() throws {
        let fixture = try IngestFixture()
        try fixture.write("study-1/report.txt", Data("FINDINGS: Mild cardiomegaly.\nIMPRESSION: Cardiomegaly.".utf8))
        try fixture.write("study-1/frontal_PA.png", IngestFixture.png())
        try fixture.write("study-1/lateral.jpg", JPEGEncoder.encode(grey: Array(repeating: 90, count: 64), width: 8, height: 8))
        try fixture.write("study-2/report.deu_Latn.txt", Data("BEFUND: Kein Erguss.".utf8))
        try fixture.write("study-2/truth.json", Data("{\"synthetic\": true}".utf8))
        try fixture.write("loose.txt", Data("IMPRESSION: Normal chest.".utf8))
        try fixture.write("only-images/a.png", IngestFixture.png())
        let outcome = try fixture.ingestor.ingest([
            fixture.inbox.appendingPathComponent("study-1"), fixture.inbox.appendingPathComponent("study-2"),
            fixture.inbox.appendingPathComponent("loose.txt"), fixture.inbox.appendingPathComponent("only-images"),
        ])
        #expect(outcome.commit.version == 1)
        #expect(outcome.commit.studiesAdded == 4 && outcome.commit.reportsAdded == 3 && outcome.commit.imagesAdded == 3)
        #expect(outcome.commit.filesAdded == 7, "six parts plus the truth.json sidecar")
        #expect(outcome.quarantined.isEmpty)
        let study = try #require(try fixture.store.study("study-1"))
        #expect(study.images.map(\.view).sorted { ($0 ?? "") < ($1 ?? "") } == ["LATERAL", "PA"])
        #expect(try fixture.store.study("study-2")?.reports.first?.language == "deu_Latn")
        #expect(try fixture.store.study("loose")?.reports.count == 1)
        #expect(try fixture.store.verify().isEmpty)
    }

    @Test func quarantinesEveryKindOfBadInputAndKeepsTheRest() throws {
        let fixture = try IngestFixture(maxPixels: 500)
        let good = try fixture.write("good.txt", Data("FINDINGS: Clear lungs.".utf8))
        let png = try IngestFixture.png()
        let bad: [(String, Data?, String)] = [
            ("empty.txt", Data(), "empty-file"),
            ("latin1.txt", Data([0x63, 0x61, 0x66, 0xE9]), "invalid-utf8"),
            ("broken.xml", Data("<eCitation><AbstractText>".utf8), "malformed-xml"),
            ("xxe.xml", Data("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><eCitation>&x;</eCitation>".utf8), "forbidden-dtd"),
            ("truncated.png", png.prefix(png.count / 2), "truncated-image"),
            ("text.png", Data("I am not a PNG".utf8), "not-an-image"),
            ("huge.png", try IngestFixture.png(width: 32, height: 32), "image-too-large"),
            ("scan.dcm", Data("DICM".utf8), "not-an-image"),
            ("scan.tiff", Data("II*\0".utf8), "unsupported-format"),
        ]
        var paths = [good]
        for (name, data, _) in bad { paths.append(try fixture.write(name, data ?? Data())) }
        let link = fixture.inbox.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: good)
        paths.append(link)
        for name in ["-dash.txt", "with space ü.txt"] {
            paths.append(try fixture.write(name, Data("IMPRESSION: Normal \(name).".utf8)))
        }

        let outcome = try fixture.ingestor.ingest(paths)
        #expect(outcome.commit.reportsAdded == 3)
        let codes = Dictionary(outcome.quarantined.map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
        for (name, _, code) in bad { #expect(codes[name] == code, "\(name)") }
        #expect(codes["link.txt"] == "symlink")
        let quarantine = Quarantine(layout: fixture.store.layout)
        let linkEntry = try #require(quarantine.list().first { $0.name == "link.txt" })
        #expect(!linkEntry.copied && quarantine.copyPath(of: linkEntry) == nil)
        let utf8Entry = try #require(quarantine.list().first { $0.name == "latin1.txt" })
        #expect(try Data(contentsOf: #require(quarantine.copyPath(of: utf8Entry))) == Data([0x63, 0x61, 0x66, 0xE9]))
        #expect(try fixture.store.study("-dash") != nil)
        #expect(try fixture.store.study("with space ü") != nil)
    }

    @Test func anOpenIReportPullsInTheImagesItNames() throws {
        let fixture = try IngestFixture()
        let xml = """
            <eCitation><uId id="CXR7"/><Abstract><AbstractText Label="FINDINGS">No effusion.</AbstractText></Abstract>
            <parentImage id="CXR7_1_IM-0001-3001"/><parentImage id="CXR7_1_IM-0001-4001"/></eCitation>
            """
        let folder = fixture.inbox.appendingPathComponent("export")
        try fixture.write("export/a.xml", Data(xml.utf8))
        try fixture.write("export/b.xml", Data(xml.replacingOccurrences(of: "CXR7", with: "CXR8").utf8))
        try fixture.write("export/CXR7_1_IM-0001-3001.png", IngestFixture.png())
        let outcome = try fixture.ingestor.ingest([folder])
        #expect(outcome.commit.studiesAdded == 2)
        let study = try #require(try fixture.store.study("CXR7"))
        #expect(study.images.map(\.partName) == ["CXR7_1_IM-0001-3001.png"])
        #expect(study.awaitedImages == ["CXR7_1_IM-0001-4001"])
        // The second image arrives later, loose: it joins the same study in the next version.
        let late = try fixture.write("CXR7_1_IM-0001-4001.png", IngestFixture.png(width: 8, height: 8))
        let next = try fixture.ingestor.ingest([late])
        #expect(next.commit.version == 2 && next.commit.studiesAdded == 0)
        #expect(try fixture.store.study("CXR7")?.images.count == 2)
    }

    @Test func reIngestingTheSameFilesIsIdempotent() throws {
        let fixture = try IngestFixture()
        let paths = try (0..<20).map { try fixture.write("s\($0).txt", Data("FINDINGS: Report \($0).".utf8)) }
        #expect(try fixture.ingestor.ingest(paths).commit.version == 1)
        let again = try fixture.ingestor.ingest(paths)
        #expect(again.commit.version == nil && again.commit.duplicates == 20)
        #expect(try fixture.store.counts().reports == 20)
    }

    @Test func skipsDotNames() throws {
        let fixture = try IngestFixture()
        try fixture.write(".incoming/partial.txt", Data("FINDINGS: partial".utf8))
        try fixture.write("study/.report.txt.part", Data("FIND".utf8))
        try fixture.write("study/report.txt", Data("FINDINGS: done.".utf8))
        let outcome = try fixture.ingestor.ingest([fixture.inbox.appendingPathComponent(".incoming"),
                                                   fixture.inbox.appendingPathComponent("study")])
        #expect(outcome.commit.reportsAdded == 1 && outcome.quarantined.isEmpty && outcome.skipped.count == 2)
    }

    @Test func labelsEnglishReportsAndRelabelMakesANewVersion() throws {
        let fixture = try IngestFixture()
        try fixture.write("en/report.txt", Data("FINDINGS: Small left pleural effusion. No pneumothorax.\nIMPRESSION: Effusion.".utf8))
        try fixture.write("de/report.deu_Latn.txt", Data("BEFUND: Kleiner Erguss links.".utf8))
        _ = try fixture.ingestor.ingest([fixture.inbox.appendingPathComponent("en"), fixture.inbox.appendingPathComponent("de")])
        let english = try #require(try fixture.store.study("en")?.reports.first)
        let labels = try #require(try fixture.store.labels(reportID: english.id))
        #expect(labels.labelerVersion == Labeler.version)
        #expect(labels.aggregate[.pleuralEffusion] == .positive && labels.aggregate[.pneumothorax] == .negative)
        #expect(labels.sentences.count >= 2)
        let german = try #require(try fixture.store.study("de")?.reports.first)
        #expect(try fixture.store.labels(reportID: german.id) == nil)

        // Same labeler: nothing to do. Another labeler version: a new corpus version of kind relabel.
        #expect(try fixture.store.relabel(labelerVersion: Labeler.version) { fixture.ingestor.labeler.labelReport($0) }.version == nil)
        let relabeled = try fixture.store.relabel(labelerVersion: "test-2") { _ in ReportLabels(sentences: [], aggregate: ObservationLabels()) }
        #expect(relabeled.version == 2 && relabeled.reportsRelabeled == 1)
        #expect(try fixture.store.labels(reportID: english.id)?.labelerVersion == "test-2")
        #expect(try fixture.store.versions().last?.kind == "relabel")
        #expect(try fixture.store.verify().isEmpty)
    }

    @Test func hl7AndFHIRReportsOfOneStudyMergeByStudyInstanceUID() throws {
        let fixture = try IngestFixture()
        let uid = "1.2.840.10008.99.1"
        let hl7 = [
            "MSH|^~\\&|RIS|HOSP|M3CLIP|HOSP|20240312||ORU^R01|1|P|2.5.1",
            "OBR|1|ORD|ACC-1|||20240312",
            "ZDS|\(uid)^RIS^Application^DICOM",
            "OBX|1|FT|18782-3^Findings^LN||Large right pleural effusion.||||||F",
            "OBX|2|FT|19005-8^Impression^LN||Right effusion. Dictated by Dr. Anna Keller.||||||F",
        ].joined(separator: "\r")
        let fhir = try JSONSerialization.data(withJSONObject: [
            "resourceType": "DiagnosticReport", "id": "r1", "conclusion": "No pneumothorax.",
            "imagingStudy": [["reference": "#s1"]],
            "contained": [["resourceType": "ImagingStudy", "id": "s1", "identifier": [["system": "urn:dicom:uid", "value": "urn:oid:\(uid)"]]]],
        ])
        let paths = [try fixture.write("result.hl7", Data(hl7.utf8)), try fixture.write("report.json", fhir),
                     try fixture.write("other.txt", Data("MSH|^~\\&|A|B|C|D|2024||ORU^R01|2|P|2.5\rOBR|1||S-2\rOBX|1|TX|x^Findings||Clear lungs.".utf8))]
        let outcome = try fixture.ingestor.ingest(paths)
        #expect(outcome.quarantined.isEmpty, "\(outcome.quarantined)")
        let study = try #require(try fixture.store.study(uid))
        #expect(Set(study.reports.map(\.format)) == ["hl7-oru", "fhir-diagnosticreport"])
        let hl7Report = try #require(study.reports.first { $0.format == "hl7-oru" })
        #expect(hl7Report.sections.map(\.kind) == ["findings", "impression"])
        #expect(hl7Report.sections[1].text.contains("Dr. [NAME]") && hl7Report.phi["name"] == 1)
        let labels = try #require(try fixture.store.labels(reportID: hl7Report.id))
        #expect(labels.aggregate[.pleuralEffusion] == .positive)
        #expect(try fixture.store.study("S-2")?.reports.first?.format == "hl7-oru")
    }

    @Test func anEntryThatChangedSinceItSettledIsNotTaken() throws {
        let fixture = try IngestFixture()
        let steady = try fixture.write("steady.txt", Data("IMPRESSION: Unchanged since the scan.".utf8))
        let rewritten = try fixture.write("rewritten.txt", Data("IMPRESSION: The first version, complete.".utf8))
        let folder = fixture.inbox.appendingPathComponent("growing")
        try fixture.write("growing/report.txt", Data("IMPRESSION: A study folder.".utf8))
        let settled = [steady: try #require(EntrySignature.of(steady)), rewritten: try #require(EntrySignature.of(rewritten)),
                       folder: try #require(EntrySignature.of(folder))]
        // After the scan: a producer truncates and starts rewriting one file, and adds an image to the folder.
        try Data("IMPRESSION: The sec".utf8).write(to: rewritten)
        try fixture.write("growing/frontal.png", IngestFixture.png())

        let outcome = try fixture.ingestor.ingest([steady, rewritten, folder], settled: settled)
        #expect(Set(outcome.changed) == [rewritten.path, folder.path])
        #expect(outcome.settledFiles.map(\.path) == [steady.path])
        #expect(outcome.quarantined.isEmpty)
        #expect(try fixture.store.study("steady") != nil)
        #expect(try fixture.store.study("rewritten") == nil && fixture.store.study("growing") == nil)

        // Once they settle again they are taken whole.
        let again = try fixture.ingestor.ingest([rewritten, folder], settled: [rewritten: try #require(EntrySignature.of(rewritten)),
                                                                              folder: try #require(EntrySignature.of(folder))])
        #expect(again.changed.isEmpty && again.commit.studiesAdded == 2 && again.commit.imagesAdded == 1)
        let report = try #require(try fixture.store.study("rewritten")?.reports.first)
        #expect(try fixture.store.sentences(reportID: report.id).map(\.text) == ["The sec"])
    }
}
