import Foundation
import Formats
import Radiology

extension FuzzHarness {
    /// Open-i XML through libxml2 with DTDs and entities refused: the refusal paths and the
    /// walk over `AbstractText`, `MeSH` and `parentImage` are what the fuzzer reaches.
    static let openI = FuzzHarness(name: "openi") { data in
        _ = try OpenIReportDecoder().decode(data, defaultLanguage: .english)
    }
}
