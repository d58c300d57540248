public import Foundation
import CPNG

/// PNG (8/16-bit grey, RGB/RGBA/palette converted to grey) through libpng's `png_image` API,
/// which reports errors instead of aborting. The size is read from IHDR and checked against the
/// limits before the pixel buffer is allocated.
public struct PNGDecoder: Sendable {
    public static let name = "png"
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    public var limits: ImageLimits

    public init(limits: ImageLimits = ImageLimits()) { self.limits = limits }

    public static func hasSignature(_ data: Data) -> Bool { data.starts(with: signature) }

    public func decode(_ data: Data) throws(DecodeError) -> DecodedImage {
        let header = try Self.header(data)
        try limits.check(width: header.width, height: header.height, decoder: Self.name)
        try Self.checkChunks(data)
        let sixteen = header.bitDepth == 16
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let began = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard began != 0 else { throw failure(image, code: .notAnImage) }
        // 16-bit files without gamma information are read as linear: values come back unchanged.
        image.format = sixteen ? UInt32(PNG_FORMAT_FLAG_LINEAR) : 0
        let count = header.width * header.height
        let pixels: GreyPixels
        if sixteen {
            var buffer = [UInt16](repeating: 0, count: count)
            let finished = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard finished != 0 else { throw failure(image, code: .truncatedImage) }
            pixels = .sixteen(buffer)
        } else {
            var buffer = [UInt8](repeating: 0, count: count)
            let finished = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard finished != 0 else { throw failure(image, code: .truncatedImage) }
            pixels = .eight(buffer)
        }
        return DecodedImage(format: Self.name, width: header.width, height: header.height,
                            bitsPerSample: header.bitDepth, photometric: header.photometric, pixels: pixels)
    }

    private func failure(_ image: png_image, code: DecodeError.Code) -> DecodeError {
        var message = image.message
        let text = withUnsafeBytes(of: &message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return DecodeError(code, decoder: Self.name, text.isEmpty ? "libpng could not read the image" : "libpng: \(text)")
    }

    struct Header {
        var width: Int
        var height: Int
        var bitDepth: Int
        var colorType: UInt8
        var photometric: String {
            switch colorType {
            case 0, 4: "MONOCHROME2"
            case 2: "RGB"
            case 3: "PALETTE"
            default: "RGBA"
            }
        }
    }

    /// Walks the chunk lengths before libpng does: libpng allocates a chunk's declared length
    /// before reading it, so a 200-byte file declaring a 1.8 GB tEXt chunk made it malloc 1.8 GB
    /// (found by `Scripts/fuzz.sh png`). A chunk cannot be longer than the bytes that follow it.
    static func checkChunks(_ data: Data) throws(DecodeError) {
        var offset = data.startIndex + signature.count
        while data.endIndex - offset >= 8 {
            let length = data[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = data[offset + 4 ..< offset + 8]
            guard length <= data.endIndex - offset - 12 else {
                throw DecodeError(.truncatedImage, decoder: name,
                                  "chunk \(String(decoding: type, as: UTF8.self).debugDescription) at byte \(offset - data.startIndex) declares \(length) bytes; only \(max(data.endIndex - offset - 12, 0)) follow")
            }
            if type.elementsEqual("IEND".utf8) { return }
            offset += 12 + length
        }
    }

    /// The IHDR chunk, which the PNG specification requires to come first.
    static func header(_ data: Data) throws(DecodeError) -> Header {
        guard hasSignature(data) else { throw DecodeError(.notAnImage, decoder: name, "no PNG signature") }
        let bytes = [UInt8](data.prefix(33))
        guard bytes.count == 33, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw DecodeError(.truncatedImage, decoder: name, "the file ends before the IHDR header")
        }
        func be32(_ offset: Int) -> Int {
            Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        }
        let header = Header(width: be32(16), height: be32(20), bitDepth: Int(bytes[24]), colorType: bytes[25])
        guard [1, 2, 4, 8, 16].contains(header.bitDepth), [0, 2, 3, 4, 6].contains(header.colorType) else {
            throw DecodeError(.notAnImage, decoder: name, "invalid IHDR (bit depth \(header.bitDepth), colour type \(header.colorType))")
        }
        return header
    }
}
