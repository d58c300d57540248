import Foundation
import Formats

extension FuzzHarness {
    /// m3clip's own Swift JPEG decoder (lossless SOF3 and 12-bit SOF1, which DICOM encapsulates
    /// and libjpeg-turbo 2.1 cannot read), fed codestreams directly: through the `dicom` harness
    /// most mutations would land in the DICOM wrapper instead. It reads through an
    /// `UnsafeBufferPointer`, whose subscript is not bounds-checked in release builds, so
    /// AddressSanitizer is what catches a read past the end here.
    static let jpegCodestream = FuzzHarness(name: "jpegcodestream") { data in
        _ = try JPEGCodestreamDecoder.decode(data, limits: ImageLimits(maxPixels: 1 << 22))
    }
}
