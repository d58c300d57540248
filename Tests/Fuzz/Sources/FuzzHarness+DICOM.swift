import Foundation
import Formats
import Radiology

extension FuzzHarness {
    /// The Part 10 parser, then whichever decoder ingest would pick: the SR content tree for a
    /// structured report, otherwise frame 1's pixels through the codecs and the greyscale pipeline.
    /// Inflation and pixel counts are capped (64 MiB, 4 Mpx) so one input stays well inside
    /// libFuzzer's RSS limit; the caps are checked before allocation, so nothing else is skipped.
    static let dicom = FuzzHarness(name: "dicom") { data in
        let file = try DICOMFile(parsing: data, maxInflatedBytes: 1 << 26)
        if file.isStructuredReport {
            _ = try DICOMStructuredReportDecoder().decode(file, defaultLanguage: .english)
        } else {
            _ = try DICOMImageDecoder(limits: ImageLimits(maxPixels: 1 << 22)).decode(file)
        }
    }
}
