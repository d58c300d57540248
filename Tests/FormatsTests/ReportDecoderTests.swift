import Foundation
import Radiology
import Testing
@testable import Formats

@Suite struct PlainTextReportDecoderTests {
    @Test func splitsSectionsWithHeaderVariants() throws {
        let text = """
            EXAM: Chest, 2 views.
            Clinical History: cough
            COMPARISON None
            findings: The heart is normal in size. No effusion.
            IMPRESSION
            1. No acute disease.
            """
        let decoded = try PlainTextReportDecoder().decode(Data(text.utf8), language: .english)
        let kinds = decoded.report.sections.map(\.kind)
        #expect(kinds == [.technique, .history, .comparison, .findings, .impression])
        #expect(decoded.report.section(.findings)?.text == "The heart is normal in size. No effusion.")
        #expect(decoded.report.section(.impression)?.text == "1. No acute disease.")
        #expect(decoded.report.section(.comparison)?.text == "None")
    }

    @Test func keepsTextWithoutHeadersAsPreamble() throws {
        let decoded = try PlainTextReportDecoder().decode(Data("\u{FEFF}Findings are stable since the prior study.".utf8), language: .english)
        #expect(decoded.report.sections.map(\.kind) == [.preamble])
    }

    @Test func refusesEmptyInvalidAndBinaryText() {
        let decoder = PlainTextReportDecoder()
        #expect { try decoder.decode(Data(), language: .english) } throws: { ($0 as? DecodeError)?.code == .emptyFile }
        #expect { try decoder.decode(Data(" \n\t ".utf8), language: .english) } throws: { ($0 as? DecodeError)?.code == .emptyFile }
        #expect { try decoder.decode(Data([0x41, 0x42, 0xC3, 0x28]), language: .english) } throws: {
            ($0 as? DecodeError)?.code == .invalidUTF8 && ($0 as? DecodeError)?.message.contains("byte 2") == true
        }
        #expect { try decoder.decode(Data([0x41, 0x00, 0x42]), language: .english) } throws: { ($0 as? DecodeError)?.code == .binaryText }
    }

    @Test func keepsTheDeclaredLanguage() throws {
        let german = try #require(LanguageCode("deu_Latn"))
        let decoded = try PlainTextReportDecoder().decode(Data("BEFUND: Herz normal groß.".utf8), language: german)
        #expect(decoded.report.language == german)
    }
}

@Suite struct OpenIReportDecoderTests {
    static let sample = """
        <?xml version="1.0" encoding="utf-8"?>
        <eCitation>
          <meta type="rr"/>
          <uId id="CXR1"/>
          <pmcId id="1"/>
          <MedlineCitation Owner="Indiana University" Status="supplied by publisher">
            <Article PubModel="Electronic">
              <Abstract>
                <AbstractText Label="COMPARISON">None.</AbstractText>
                <AbstractText Label="INDICATION">Positive TB test</AbstractText>
                <AbstractText Label="FINDINGS">The cardiac silhouette and mediastinum size are within normal limits. There is no pulmonary edema.</AbstractText>
                <AbstractText Label="IMPRESSION">Normal chest x-XXXX.</AbstractText>
              </Abstract>
            </Article>
          </MedlineCitation>
          <MeSH><major>normal</major><automatic>Cardiomegaly/mild</automatic></MeSH>
          <parentImage id="CXR1_1_IM-0001-3001"><figureId>F1</figureId></parentImage>
          <parentImage id="CXR1_1_IM-0001-4001"><figureId>F2</figureId></parentImage>
        </eCitation>
        """

    @Test func readsSectionsTermsAndImages() throws {
        let decoded = try OpenIReportDecoder().decode(Data(Self.sample.utf8), defaultLanguage: .english)
        #expect(decoded.studyKey == "CXR1")
        #expect(decoded.imageReferences == ["CXR1_1_IM-0001-3001", "CXR1_1_IM-0001-4001"])
        #expect(decoded.report.sections.map(\.kind) == [.comparison, .indication, .findings, .impression])
        #expect(decoded.report.section(.impression)?.text == "Normal chest x-XXXX.")
        #expect(decoded.meshTerms.map(\.term) == ["normal", "Cardiomegaly/mild"])
        #expect(decoded.meshTerms.map(\.isMajor) == [true, false])
    }

    @Test func refusesMalformedAndTruncatedXML() {
        let decoder = OpenIReportDecoder()
        for text in ["<eCitation><AbstractText Label=\"FINDINGS\">x</eCitation>", String(Self.sample.prefix(300)), "not xml at all"] {
            #expect { try decoder.decode(Data(text.utf8), defaultLanguage: .english) } throws: {
                ($0 as? DecodeError)?.code == .malformedXML
            }
        }
    }

    @Test func neverResolvesExternalEntitiesOrDTDs() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-xxe-\(UUID().uuidString).txt")
        try "TOP SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let attacks = [
            """
            <?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file://\(secret.path)">]>
            <eCitation><AbstractText Label="FINDINGS">&x;</AbstractText></eCitation>
            """,
            """
            <?xml version="1.0"?><!DOCTYPE eCitation SYSTEM "http://127.0.0.1:9/evil.dtd">
            <eCitation><AbstractText Label="FINDINGS">text</AbstractText></eCitation>
            """,
            """
            <?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <eCitation><AbstractText Label="FINDINGS">&b;</AbstractText></eCitation>
            """,
        ]
        for attack in attacks {
            #expect { try OpenIReportDecoder().decode(Data(attack.utf8), defaultLanguage: .english) } throws: { error in
                guard let error = error as? DecodeError else { return false }
                return error.code == .forbiddenDTD && !error.message.contains("TOP SECRET")
            }
        }
    }

    @Test func refusesDocumentsThatAreNotReports() {
        #expect { try OpenIReportDecoder().decode(Data("<html><body>hi</body></html>".utf8), defaultLanguage: .english) } throws: {
            ($0 as? DecodeError)?.code == .notOpenI
        }
    }
}
