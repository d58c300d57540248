public import Foundation
import CJPEG

/// 8-bit lossy JPEG pixel data (DICOM transfer syntaxes 1.2.840.10008.1.2.4.50 and the 8-bit
/// case of .51) through libjpeg, every component kept. 12-bit and lossless JPEG are reported as
/// unsupported: Debian's libjpeg-turbo is built for 8-bit samples only.
///
/// By default the samples are what was coded, YCbCr for a YBR_FULL_422 image, so the data set's
/// Photometric Interpretation still describes them; `convertToRGB` asks libjpeg for RGB instead
/// (its fixed-point conversion, with libjpeg's smooth chroma upsampling either way).
public enum JPEGBaselineCodec {
    public static let name = "dicom-jpeg"

    public static func decode(_ data: some ContiguousBytes, limits: ImageLimits, convertToRGB: Bool = false) throws(DecodeError) -> PixelSamples {
        var info = m3_jpeg_info()
        var message = [CChar](repeating: 0, count: CodecShim.messageCapacity)
        let headerStatus = data.withUnsafeBytes { raw in
            m3_jpeg_read_header(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &info, &message, message.count)
        }
        guard headerStatus == 0 else { throw CodecShim.error(status: headerStatus, decoder: name, library: "libjpeg", message) }
        let width = Int(info.width), height = Int(info.height), components = Int(info.components)
        try limits.check(width: width, height: height, decoder: name)
        guard (1...4).contains(components) else {
            throw DecodeError(.unsupportedImage, decoder: name, "\(components) components (at most 4 are supported)")
        }
        let count = width * height * components
        var status: Int32 = 0
        let values = data.withUnsafeBytes { raw in
            [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = m3_jpeg_decode_samples(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, convertToRGB ? 1 : 0,
                                                buffer.baseAddress, count, &info, &message, message.count)
                initialized = status == 0 ? count : 0
            }
        }
        guard status == 0 else { throw CodecShim.error(status: status, decoder: name, library: "libjpeg", message) }
        return PixelSamples(width: width, height: height, components: components, precision: Int(info.bitsPerSample),
                            values: values)
    }
}
