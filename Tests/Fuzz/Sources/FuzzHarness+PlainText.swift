import Foundation
import Formats
import Radiology

extension FuzzHarness {
    /// UTF-8 validation, the binary-text check and the section splitter's header rules.
    static let plainText = FuzzHarness(name: "plaintext") { data in
        _ = try PlainTextReportDecoder().decode(data, language: .english)
    }
}
