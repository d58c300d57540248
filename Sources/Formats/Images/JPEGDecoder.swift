public import Foundation
import CJPEG

/// JPEG (grey or colour, converted to grey) through libjpeg behind a `setjmp` error manager, so a
/// corrupt file is an error, never a crash. Truncated data (which libjpeg would pad with grey) is
/// an error too.
public struct JPEGDecoder: Sendable {
    public static let name = "jpeg"
    public var limits: ImageLimits

    public init(limits: ImageLimits = ImageLimits()) { self.limits = limits }

    public static func hasSignature(_ data: Data) -> Bool { data.starts(with: [0xFF, 0xD8, 0xFF]) }

    public func decode(_ data: Data) throws(DecodeError) -> DecodedImage {
        guard Self.hasSignature(data) else { throw DecodeError(.notAnImage, decoder: Self.name, "no JPEG start-of-image marker") }
        var info = m3_jpeg_info()
        var message = [CChar](repeating: 0, count: 256)
        let headerStatus = data.withUnsafeBytes { raw in
            m3_jpeg_read_header(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &info, &message, message.count)
        }
        guard headerStatus == 0 else { throw DecodeError(.truncatedImage, decoder: Self.name, "libjpeg: \(Self.text(message))") }
        let width = Int(info.width), height = Int(info.height)
        try limits.check(width: width, height: height, decoder: Self.name)
        var pixels = [UInt8](repeating: 0, count: width * height)
        let status = data.withUnsafeBytes { raw in
            pixels.withUnsafeMutableBufferPointer { out in
                m3_jpeg_decode_gray(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, out.baseAddress, out.count,
                                    &message, message.count)
            }
        }
        guard status == 0 else { throw DecodeError(.truncatedImage, decoder: Self.name, "libjpeg: \(Self.text(message))") }
        return DecodedImage(format: Self.name, width: width, height: height, bitsPerSample: Int(info.bitsPerSample),
                            photometric: info.components == 1 ? "MONOCHROME2" : "YBR", pixels: .eight(pixels))
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
