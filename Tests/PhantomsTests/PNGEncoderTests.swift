import CPNG
import Formats
import Testing

/// Round trips through libpng's simplified read API.
@Suite struct PNGEncoderTests {
    func decode(_ file: [UInt8], format: UInt32) throws -> (width: Int, height: Int, bytes: [UInt8]) {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let begun = file.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        try #require(begun != 0)
        image.format = format
        let size = Int(image.width) * Int(image.height) * (format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0 ? 2 : 1)
        var bytes = [UInt8](repeating: 0, count: size)
        let finished = bytes.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        try #require(finished != 0)
        return (Int(image.width), Int(image.height), bytes)
    }

    @Test func sixteenBitRoundTrip() throws {
        let width = 37, height = 23
        let pixels = (0..<(width * height)).map { UInt16(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        let file = try PNGEncoder.encodeGray16(pixels, width: width, height: height)
        #expect(Array(file.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        let decoded = try decode(file, format: UInt32(PNG_FORMAT_LINEAR_Y))
        #expect(decoded.width == width && decoded.height == height)
        let samples = decoded.bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        #expect(samples == pixels)
    }

    @Test func eightBitRoundTrip() throws {
        let width = 64, height = 5
        let pixels = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let file = try PNGEncoder.encodeGray8(pixels, width: width, height: height)
        let decoded = try decode(file, format: UInt32(PNG_FORMAT_GRAY))
        #expect(decoded.bytes == pixels)
    }

    @Test func rejectsMismatchedSizes() {
        #expect(throws: PNGEncodingError.self) { try PNGEncoder.encodeGray8([1, 2, 3], width: 2, height: 2) }
        #expect(throws: PNGEncodingError.self) { try PNGEncoder.encodeGray16([], width: 0, height: 0) }
    }
}
