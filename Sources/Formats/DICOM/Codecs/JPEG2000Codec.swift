public import Foundation
import CImageCodecs

/// JPEG 2000 pixel data (DICOM transfer syntaxes 1.2.840.10008.1.2.4.90 and .91) through openjp2,
/// behind a C shim that reads from memory, keeps openjp2's messages off stderr and decodes in
/// strict mode, so a truncated or damaged codestream is an error rather than a part-grey image.
/// Strictness has one cost: a codestream missing its final EOC marker is refused too (openjp2's
/// lenient mode would accept it, but could not then tell it from a cut one).
///
/// Components that are subsampled (different sizes) are rejected as unsupported: DICOM codes
/// colour JPEG 2000 as full-size components, and upsampling would invent samples.
public enum JPEG2000Codec {
    public static let name = "dicom-jpeg2000"

    /// What the main header declares, read without decoding any tile.
    public struct Header: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var components: Int
        public var precision: Int
        /// The codestream's own sign flag. DICOM's Pixel Representation is what counts; the two
        /// disagree in some files, which is why samples come back as bit patterns.
        public var isSigned: Bool
    }

    public static func header(_ data: some ContiguousBytes) throws(DecodeError) -> Header {
        var info = m3_image_info()
        var message = [CChar](repeating: 0, count: CodecShim.messageCapacity)
        let status = data.withUnsafeBytes { raw in
            m3_j2k_read_header(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &info, &message, message.count)
        }
        guard status == M3_CODEC_OK else { throw CodecShim.error(status: status, decoder: name, library: "openjp2", message) }
        return Header(info)
    }

    /// Decodes one frame's codestream (a raw J2K codestream as DICOM encapsulates it, or a JP2
    /// file). `threads` above 1 lets openjp2 decode code-blocks in parallel; the default keeps the
    /// work on the calling thread, which is what a pipeline that already decodes files in
    /// parallel wants.
    public static func decode(_ data: some ContiguousBytes, limits: ImageLimits, threads: Int = 1) throws(DecodeError) -> PixelSamples {
        let header = try header(data)
        try limits.check(width: header.width, height: header.height, decoder: name)
        var info = m3_image_info()
        return try CodecShim.decodeSamples(data, width: header.width, height: header.height, components: header.components,
                                           precision: header.precision, decoder: name, library: "openjp2") { raw, out, count, message in
            m3_j2k_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, Int32(clamping: threads), out, count, &info,
                          &message, message.count)
        }
    }
}

extension JPEG2000Codec.Header {
    init(_ info: m3_image_info) {
        self.init(width: Int(info.width), height: Int(info.height), components: Int(info.components),
                  precision: Int(info.precision), isSigned: info.isSigned != 0)
    }
}
