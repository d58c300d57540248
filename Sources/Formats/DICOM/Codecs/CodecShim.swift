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

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
