import Foundation
import Formats

extension FuzzHarness {
    /// The IHDR pre-check in Swift, then libpng's `png_image` API. The pixel limit is lowered
    /// (4 Mpx instead of 64) so a header that passes the check cannot make a single input use
    /// more memory than libFuzzer's RSS limit allows; larger images exercise no other code.
    static let png = FuzzHarness(name: "png") { data in
        _ = try PNGDecoder(limits: ImageLimits(maxPixels: 1 << 22)).decode(data)
    }
}
