import Foundation
import Formats
import Radiology

extension FuzzHarness {
    /// HL7 v2 ORU^R01: MSH delimiters taken from the message itself, escapes, OBX grouping.
    static let hl7 = FuzzHarness(name: "hl7") { data in
        _ = try HL7ReportDecoder().decode(data, defaultLanguage: .english)
    }
}
