import Foundation
import Radiology
import Testing
@testable import Formats

/// Every DICOM file of the data set either decodes or is refused with the expected reason; twins
/// (the same image in another transfer syntax) decode to the same samples. The table is printed.
@Suite struct DICOMConformanceTests {
    /// Files that must be refused, with the code.
    static let refusals: [String: String] = [
        "MR_truncated.dcm": "truncated-image",
        "meta_missing_tsyntax.dcm": "malformed-dicom",
        "JPEG2000-embedded-sequence-delimiter.dcm": "corrupt-image",
        "no_meta.dcm": "not-an-image",
    ]

    @Test func everyFileDecodesOrIsRefusedWithTheExpectedReason() throws {
        let entries = try DICOMFixtures.entries()
        #expect(entries.count >= 36)
        var table = ["| file | transfer syntax | m3clip | pydicom 3.0.2 |", "|---|---|---|---|"]
        for entry in entries {
            let outcome: String
            do {
                let data = try Data(contentsOf: entry.url)
                let file = try DICOMFile(parsing: data)
                if file.isStructuredReport {
                    let report = try DICOMStructuredReportDecoder().decode(file, defaultLanguage: .english)
                    outcome = "report: " + report.report.sections.map(\.kind.rawValue).joined(separator: ", ")
                    #expect(entry.isStructuredReport, "\(entry.path)")
                } else {
                    let start = Date()
                    let image = try DICOMImageDecoder(limits: ImageLimits(maxPixels: 1 << 23)).decode(file)
                    outcome = "image \(image.width)×\(image.height), \(image.bitsPerSample)-bit \(image.photometric) (\(Int(Date().timeIntervalSince(start) * 1000)) ms)"
                    #expect(Self.refusals[entry.name] == nil, "\(entry.path) should be refused")
                    #expect(image.width == entry.columns && image.height == entry.rows, "\(entry.path)")
                    #expect(image.pixels.count == image.width * image.height)
                }
            } catch let error as DecodeError {
                outcome = "refused: \(error.code) — \(error.message)"
                #expect(Self.refusals[entry.name] == error.code.name, "\(entry.path): \(error)")
            }
            table.append("| \(entry.path) | \(entry.transferSyntax) | \(outcome) | \(entry.pydicom) |")
        }
        print(table.joined(separator: "\n"))
    }

    /// The same image in different transfer syntaxes, and lossy codestreams next to the reference
    /// decode their uncompressed twin holds: bit-identical.
    @Test(arguments: [
        ("pydicom-3.0.2_wheel/MR_small.dcm", "pydicom-3.0.2_wheel/MR_small_implicit.dcm"),
        ("pydicom-3.0.2_wheel/MR_small.dcm", "pydicom-3.0.2_wheel/MR_small_bigendian.dcm"),
        ("pydicom-3.0.2_wheel/MR_small.dcm", "pydicom-3.0.2_wheel/MR_small_RLE.dcm"),
        ("pydicom-3.0.2_wheel/MR_small.dcm", "pydicom-3.0.2_wheel/MR_small_jpeg_ls_lossless.dcm"),
        ("pydicom-3.0.2_wheel/MR_small.dcm", "pydicom-3.0.2_wheel/MR_small_jp2klossless.dcm"),
        ("pydicom-data-1.0.0_wheel/SC_rgb.dcm", "pydicom-3.0.2_wheel/SC_rgb_rle.dcm"),
        // JPEG2000_UNC is the decode of the lossy JPEG2000.dcm (not of JPEG-LL, whose decode the
        // JPEG codestream tests check against pydicom's checksums): a decoder must reproduce it.
        ("pydicom-data-1.0.0_wheel/JPEG2000_UNC.dcm", "pydicom-3.0.2_wheel/JPEG2000.dcm"),
        ("pydicom-data-1.0.0_wheel/RG1_UNCR.dcm", "pydicom-data-1.0.0_wheel/RG1_J2KR.dcm"),
        ("pydicom-data-1.0.0_wheel/RG1_UNCI.dcm", "pydicom-data-1.0.0_wheel/RG1_J2KI.dcm"),
    ])
    func losslessTwinsDecodeBitIdentical(reference: String, twin: String) throws {
        guard let referenceURL = DICOMFixtures.url(reference), let twinURL = DICOMFixtures.url(twin) else {
            // RG1_UNCR/UNCI (7 MB each) live only in ../shared/data; a user's checkout has none.
            print("skipped \(twin): \(reference) is not in this checkout")
            return
        }
        let decoder = DICOMImageDecoder(limits: ImageLimits(maxPixels: 1 << 23))
        let (expected, _) = try decoder.frameSamples(DICOMFile(parsing: Data(contentsOf: referenceURL)))
        let (actual, module) = try decoder.frameSamples(DICOMFile(parsing: Data(contentsOf: twinURL)))
        #expect(actual.width == expected.width && actual.height == expected.height && actual.components == expected.components)
        // Counted, not compared with #expect(==): a failing comparison of millions of samples
        // would make the test library diff them.
        let mismatches = zip(actual.values, expected.values).count { $0 != $1 }
        let firstMismatch = zip(actual.values, expected.values).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(actual.values.count == expected.values.count && mismatches == 0,
                "\(twin) differs from \(reference) in \(mismatches) samples; first at \(firstMismatch.map { "\($0.offset): \($0.element)" } ?? "-")")
        #expect(module.rows == expected.height)
    }

    /// Lossy twins: printed for the record, bounded loosely.
    @Test func lossyTwinsStayClose() throws {
        let pairs = [
            ("pydicom-data-1.0.0_wheel/SC_rgb.dcm", "pydicom-3.0.2_wheel/SC_rgb_jls_lossy_line.dcm", 8),
            ("pydicom-3.0.2_wheel/SC_rgb_small_odd.dcm", "pydicom-3.0.2_wheel/SC_rgb_small_odd_jpeg.dcm", 64),
        ]
        let decoder = DICOMImageDecoder()
        for (reference, twin, bound) in pairs {
            let (expected, _) = try decoder.frameSamples(DICOMFile(parsing: Data(contentsOf: #require(DICOMFixtures.url(reference)))))
            let (actual, _) = try decoder.frameSamples(DICOMFile(parsing: Data(contentsOf: #require(DICOMFixtures.url(twin)))))
            #expect(actual.values.count == expected.values.count)
            let differences = zip(actual.values, expected.values).map { abs(Int($0) - Int($1)) }
            let maximum = differences.max() ?? 0
            print("\(twin) vs \(reference): max |diff| \(maximum), mean \(Double(differences.reduce(0, +)) / Double(max(differences.count, 1)))")
            #expect(maximum <= bound, "\(twin)")
        }
    }

    @Test func theGreyImageFollowsThePhotometricInterpretationAndWindow() throws {
        let decoder = DICOMImageDecoder()
        let mono2 = try decoder.decode(Data(contentsOf: #require(DICOMFixtures.url(
            "torchxrayvision_tests/1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"))))
        let mono1 = try decoder.decode(Data(contentsOf: #require(DICOMFixtures.url("torchxrayvision_tests/Fake_MONOHR1.dcm"))))
        guard case .eight(let normal) = mono2.pixels, case .eight(let inverted) = mono1.pixels else {
            Issue.record("8-bit images decode to 8-bit grey")
            return
        }
        #expect(zip(normal, inverted).allSatisfy { Int($0) + Int($1) == 255 })
        // Signed CT with rescale and window: 16-bit grey spanning the window.
        let ct = try decoder.decode(Data(contentsOf: #require(DICOMFixtures.url("pydicom-3.0.2_wheel/CT_small.dcm"))))
        guard case .sixteen(let levels) = ct.pixels else { Issue.record("CT decodes to 16-bit grey"); return }
        #expect(levels.min() == 0 || levels.max() == 65_535 || Set(levels).count > 100)
    }

    @Test func structuredReportsBecomeSections() throws {
        let decoder = DICOMStructuredReportDecoder()
        let comprehensive = try decoder.decode(Data(contentsOf: #require(DICOMFixtures.url("pydicom-3.0.2_wheel/test-SR.dcm"))),
                                               defaultLanguage: .english)
        print(comprehensive.report.sections)
        #expect(comprehensive.report.imageDescription.contains("mass"))
        #expect(comprehensive.studyKey != nil)
        let simple = try decoder.decode(Data(contentsOf: #require(DICOMFixtures.url("pydicom-3.0.2_wheel/reportsi.dcm"))),
                                        defaultLanguage: .english)
        print(simple.report.sections)
        #expect(!simple.report.sections.isEmpty)
    }
}
