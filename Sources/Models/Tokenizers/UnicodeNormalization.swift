import Foundation

extension String {
    /// Unicode NFC.
    var precomposedNFC: String { precomposedStringWithCanonicalMapping }
    /// Unicode NFD.
    var decomposedNFD: String { decomposedStringWithCanonicalMapping }
    /// Unicode NFKC.
    var precomposedNFKC: String { precomposedStringWithCompatibilityMapping }
    /// Unicode NFKD.
    var decomposedNFKD: String { decomposedStringWithCompatibilityMapping }
}
