public import Foundation
import CImageCodecs

/// JPEG-LS pixel data (DICOM transfer syntaxes 1.2.840.10008.1.2.4.80 lossless and .81
/// near-lossless) through CharLS's C API. Samples of 8 bits or fewer are widened, and planar
/// (non-interleaved) colour is re-interleaved by pixel.
///
/// A stream must end with its EOI marker: CharLS 2.4.1 spins for seconds on entropy-coded data
/// that simply stops, so the shim rejects such a stream up front (CharLS would reject it anyway).
public enum JPEGLSCodec {
    public static let name = "dicom-jpeg-ls"

    /// What the frame and first scan headers declare.
    public struct Header: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var components: Int
        public var precision: Int
        /// NEAR: the largest error any sample may carry; 0 is lossless.
        public var nearLossless: Int
        /// How the stream stores colour: 0 by plane, 1 by line, 2 by sample. The decoded samples
        /// are pixel-interleaved whatever this says.
        public var interleaveMode: Int
    }

    public static func header(_ data: some ContiguousBytes) throws(DecodeError) -> Header {
        var info = m3_image_info()
        var message = [CChar](repeating: 0, count: CodecShim.messageCapacity)
        let status = data.withUnsafeBytes { raw in
            m3_jls_read_header(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &info, &message, message.count)
        }
        guard status == M3_CODEC_OK else { throw CodecShim.error(status: status, decoder: name, library: "CharLS", message) }
        return Header(info)
    }

    public static func decode(_ data: some ContiguousBytes, limits: ImageLimits) throws(DecodeError) -> PixelSamples {
        let header = try header(data)
        try limits.check(width: header.width, height: header.height, decoder: name)
        var info = m3_image_info()
        return try CodecShim.decodeSamples(data, width: header.width, height: header.height, components: header.components,
                                           precision: header.precision, decoder: name, library: "CharLS") { raw, out, count, message in
            m3_jls_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, out, count, &info, &message, message.count)
        }
    }
}

extension JPEGLSCodec.Header {
    init(_ info: m3_image_info) {
        self.init(width: Int(info.width), height: Int(info.height), components: Int(info.components),
                  precision: Int(info.precision), nearLossless: Int(info.nearLossless),
                  interleaveMode: Int(info.interleaveMode))
    }
}
