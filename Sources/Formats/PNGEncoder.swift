internal import CPNG

/// Writes greyscale PNG files through libpng's simplified `png_image` write API
/// (`png_image_write_to_memory`), which reports errors in the struct instead of `longjmp`-ing
/// out of Swift (DESIGN.md §6).
///
/// - 16-bit images are written with libpng's linear format (`PNG_FORMAT_LINEAR_Y`): the samples
///   are stored unchanged, and the file carries a gAMA chunk of 1.0. Decoding with
///   `PNG_FORMAT_LINEAR_Y` gives the same values back.
/// - 8-bit images are written as sRGB grey (`PNG_FORMAT_GRAY`), which every viewer shows as is.
public enum PNGEncoder {
    /// Encodes row-major 16-bit grey samples (`width * height` of them) as a PNG file.
    public static func encodeGray16(_ pixels: [UInt16], width: Int, height: Int) throws -> [UInt8] {
        try checkSize(count: pixels.count, width: width, height: height)
        return try pixels.withUnsafeBytes { raw throws in
            try encode(raw.baseAddress!, width: width, height: height, format: UInt32(PNG_FORMAT_LINEAR_Y))
        }
    }

    /// Encodes row-major 8-bit grey samples (`width * height` of them) as a PNG file.
    public static func encodeGray8(_ pixels: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        try checkSize(count: pixels.count, width: width, height: height)
        return try pixels.withUnsafeBytes { raw throws in
            try encode(raw.baseAddress!, width: width, height: height, format: UInt32(PNG_FORMAT_GRAY))
        }
    }

    private static func checkSize(count: Int, width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 1 << 24, height <= 1 << 24 else {
            throw PNGEncodingError("image size \(width)×\(height) is out of range")
        }
        guard count == width * height else {
            throw PNGEncodingError("\(count) samples given for a \(width)×\(height) image")
        }
    }

    private static func encode(_ buffer: UnsafeRawPointer, width: Int, height: Int, format: UInt32) throws -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = format
        // Favour speed over size: radiograph noise barely compresses, and zlib's default level
        // costs several times more for a few per cent.
        image.flags = UInt32(PNG_IMAGE_FLAG_FAST)
        // One pass into a buffer of the worst-case size (libpng's PNG_IMAGE_PNG_SIZE_MAX: the raw
        // rows plus deflate's stored-block overhead and the chunks); a second only if it was short.
        let rowBytes = width * (format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0 ? 2 : 1) + 1
        var size = rowBytes * height + (rowBytes * height) / 16_000 * 5 + 4_096
        var output = [UInt8](repeating: 0, count: size)
        var ok = output.withUnsafeMutableBytes { out in
            png_image_write_to_memory(&image, out.baseAddress, &size, 0, buffer, 0, nil)
        }
        if ok == 0, size > output.count {
            output = [UInt8](repeating: 0, count: size)
            image.warning_or_error = 0
            ok = output.withUnsafeMutableBytes { out in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, buffer, 0, nil)
            }
        }
        guard ok != 0 else { throw PNGEncodingError(message(of: &image)) }
        png_image_free(&image)
        output.removeSubrange(size...)
        return output
    }

    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return text.isEmpty ? "libpng could not write the image" : text
    }
}

/// A PNG file could not be written; `message` is libpng's own explanation.
public struct PNGEncodingError: Error, CustomStringConvertible, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "PNG encoding failed: \(message)" }
}
