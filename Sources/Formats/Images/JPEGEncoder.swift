public import Foundation
import CJPEG
#if canImport(Glibc)
import Glibc
#endif

/// Baseline JPEG writing of 8-bit grey pixels (thumbnails, test data).
public enum JPEGEncoder {
    public static func encode(grey pixels: [UInt8], width: Int, height: Int, quality: Int = 90) throws(DecodeError) -> Data {
        guard width > 0, height > 0, pixels.count == width * height else {
            throw DecodeError(.notAnImage, decoder: JPEGDecoder.name, "\(pixels.count) pixels do not make a \(width)×\(height) image")
        }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBufferPointer {
            m3_jpeg_encode_gray($0.baseAddress, Int32(width), Int32(height), Int32(quality), &out, &size, &message, message.count)
        }
        guard status == 0, let out else {
            throw DecodeError(.notAnImage, decoder: JPEGDecoder.name, "libjpeg: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }
}
