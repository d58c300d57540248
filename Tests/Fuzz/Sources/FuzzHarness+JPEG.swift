import Foundation
import Formats

extension FuzzHarness {
    /// libjpeg through the `CJPEG` shim: header read, limit check, grey decode. The shim's
    /// `setjmp` error manager must turn every libjpeg fatal error into a thrown `DecodeError`
    /// rather than `exit()`; limits as for PNG.
    static let jpeg = FuzzHarness(name: "jpeg") { data in
        _ = try JPEGDecoder(limits: ImageLimits(maxPixels: 1 << 22)).decode(data)
    }
}
