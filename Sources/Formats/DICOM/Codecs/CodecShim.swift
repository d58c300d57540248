import Foundation
import CImageCodecs

/// What the three DICOM codec wrappers share: turning a C shim's status code and message buffer
/// into a `DecodeError`. The shims return `M3_CODEC_*` (libjpeg's `m3jpeg.h` uses the same
/// numbers), so one mapping serves all of them.
enum CodecShim {
    /// Room for the library's message; openjp2 chains several, CharLS and libjpeg write one line.
    static let messageCapacity = 512

    static func error(status: Int32, decoder: String, library: String, _ message: [CChar]) -> DecodeError {
        let text = "\(library): \(Self.text(message))"
        switch status {
        case M3_CODEC_UNSUPPORTED:
            return DecodeError(.unsupportedImage, decoder: decoder, text)
        case M3_CODEC_BAD_ARGUMENT:
            // The wrapper sized the buffer from the same bytes' header, so this means the data
            // decoded to something other than what its header declared.
            return DecodeError(.corruptImage, decoder: decoder, "\(text) (output differs from the header)")
        default:
            return DecodeError(.corruptImage, decoder: decoder, text)
        }
    }

    /// Allocates `width × height × components` samples and lets `shim` decode into them (input
    /// bytes, output buffer, its capacity, the message buffer and its capacity → a status);
    /// the caller has checked the header against the limits.
    static func decodeSamples(_ data: some ContiguousBytes, width: Int, height: Int, components: Int, precision: Int,
                              decoder: String, library: String,
                              _ shim: (UnsafeRawBufferPointer, UnsafeMutablePointer<UInt16>?, Int, inout [CChar]) -> Int32)
        throws(DecodeError) -> PixelSamples {
        let count = width * height * components
        var message = [CChar](repeating: 0, count: messageCapacity)
        var status = M3_CODEC_OK
        let values = data.withUnsafeBytes { raw in
            [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = shim(raw, buffer.baseAddress, count, &message)
                initialized = status == M3_CODEC_OK ? count : 0
            }
        }
        guard status == M3_CODEC_OK else { throw error(status: status, decoder: decoder, library: library, message) }
        return PixelSamples(width: width, height: height, components: components, precision: precision, values: values)
    }

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
