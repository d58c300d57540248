/// One frame's samples as a codec hands them back, before any DICOM meaning (sign, rescale,
/// photometric interpretation, windowing) is applied.
///
/// `values` holds `width × height × components` stored values, pixel-interleaved (R G B R G B …
/// for colour), top row first. Each value is the sample's bit pattern in its low `precision` bits:
/// a signed sample is two's complement within those bits, and the caller sign-extends it from the
/// data set's Pixel Representation. 8-bit samples are widened, not scaled.
public struct PixelSamples: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var components: Int
    /// Bits per sample the codestream declares (1–16).
    public var precision: Int
    public var values: [UInt16]

    public init(width: Int, height: Int, components: Int, precision: Int, values: [UInt16]) {
        self.width = width
        self.height = height
        self.components = components
        self.precision = precision
        self.values = values
    }
}
