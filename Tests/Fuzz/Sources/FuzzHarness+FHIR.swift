import Foundation
import Formats
import Radiology

extension FuzzHarness {
    /// FHIR DiagnosticReport JSON, bare or in a Bundle: Foundation's JSON parser, then the walk
    /// over `presentedForm` (base64, charset), `conclusion`, `result` references and identifiers.
    static let fhir = FuzzHarness(name: "fhir") { data in
        _ = try FHIRReportDecoder().decode(data, defaultLanguage: .english)
    }
}
