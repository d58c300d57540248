/// A transfer syntax (PS3.5 §10, Annex A): how the data set is encoded and, for encapsulated pixel
/// data, which codec compressed it.
public struct DICOMTransferSyntax: Sendable, Equatable, CustomStringConvertible {
    public enum Compression: String, Sendable {
        /// JPEG baseline and extended DCT (processes 1, 2 & 4): libjpeg at 8 bits, our own decoder at 12.
        case jpeg
        /// JPEG lossless, process 14: our own decoder.
        case jpegLossless = "jpeg-lossless"
        /// JPEG-LS lossless and near-lossless: CharLS.
        case jpegLS = "jpeg-ls"
        /// JPEG 2000 and High-Throughput JPEG 2000: OpenJPEG.
        case jpeg2000 = "jpeg2000"
        /// RLE Lossless (PS3.5 Annex G): our own decoder.
        case rle
    }

    public let uid: String
    public let isExplicitVR: Bool
    public let isBigEndian: Bool
    /// The data set after the file meta is a raw deflate stream.
    public let isDeflated: Bool
    /// nil for native (uncompressed) pixel data.
    public let compression: Compression?
    /// False for a UID m3clip does not know: the data set is read as explicit VR little endian (what
    /// every encapsulated syntax uses) and its pixel data is refused.
    public let isKnown: Bool

    public init(uid: String) {
        self.uid = uid
        var explicit = true, bigEndian = false, deflated = false, known = true
        var compression: Compression?
        switch uid {
        case "1.2.840.10008.1.2": explicit = false
        case "1.2.840.10008.1.2.1": break
        case "1.2.840.10008.1.2.2": bigEndian = true
        case "1.2.840.10008.1.2.1.99": deflated = true
        case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51": compression = .jpeg
        case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70": compression = .jpegLossless
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": compression = .jpegLS
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
             "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203": compression = .jpeg2000
        case "1.2.840.10008.1.2.5": compression = .rle
        default: known = false
        }
        isExplicitVR = explicit
        isBigEndian = bigEndian
        isDeflated = deflated
        self.compression = compression
        isKnown = known
    }

    public var description: String {
        switch uid {
        case "1.2.840.10008.1.2": "Implicit VR Little Endian"
        case "1.2.840.10008.1.2.1": "Explicit VR Little Endian"
        case "1.2.840.10008.1.2.2": "Explicit VR Big Endian"
        case "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian"
        default: compression.map { "\($0.rawValue) (\(uid))" } ?? uid
        }
    }
}
