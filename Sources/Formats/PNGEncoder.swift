internal import CZlib

/// Writes greyscale PNG files: signature, IHDR, (gAMA,) IDAT, IEND, with zlib for the deflate
/// stream and its CRC-32 — libpng's simplified write API cannot choose a deflate strategy, and for
/// radiographs that choice is most of the cost.
///
/// Rows are unfiltered and deflated with Huffman coding only (`Z_HUFFMAN_ONLY`): quantum noise
/// leaves almost nothing for LZ77 matches to find (zlib's default level saves under 1 % more on
/// phantom films at 2–3× the time).
/// - 16-bit images carry a gAMA chunk of 1.0 (linear), so decoding with libpng's
///   `PNG_FORMAT_LINEAR_Y` returns the samples unchanged.
/// - 8-bit images carry no colour information and are shown as written.
public enum PNGEncoder {
    /// Encodes row-major 16-bit grey samples (`width * height` of them) as a PNG file.
    public static func encodeGray16(_ pixels: [UInt16], width: Int, height: Int) throws -> [UInt8] {
        try checkSize(count: pixels.count, width: width, height: height)
        var raw = [UInt8](repeating: 0, count: (width * 2 + 1) * height)
        raw.withUnsafeMutableBufferPointer { out in
            pixels.withUnsafeBufferPointer { samples in
                var o = 0
                var i = 0
                for _ in 0..<height {
                    out[o] = 0
                    o &+= 1
                    for _ in 0..<width {
                        let value = samples[i]
                        out[o] = UInt8(truncatingIfNeeded: value >> 8)
                        out[o &+ 1] = UInt8(truncatingIfNeeded: value)
                        o &+= 2
                        i &+= 1
                    }
                }
            }
        }
        return try file(raw: raw, width: width, height: height, bitDepth: 16)
    }

    /// Encodes row-major 8-bit grey samples (`width * height` of them) as a PNG file.
    public static func encodeGray8(_ pixels: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        try checkSize(count: pixels.count, width: width, height: height)
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(row * width)..<((row + 1) * width)])
        }
        return try file(raw: raw, width: width, height: height, bitDepth: 8)
    }

    private static func checkSize(count: Int, width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 1 << 24, height <= 1 << 24 else {
            throw PNGEncodingError("image size \(width)×\(height) is out of range")
        }
        guard count == width * height else {
            throw PNGEncodingError("\(count) samples given for a \(width)×\(height) image")
        }
    }

    private static func file(raw: [UInt8], width: Int, height: Int, bitDepth: UInt8) throws -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [bitDepth, 0, 0, 0, 0]  // grey, deflate, adaptive filtering (rows use type 0), no interlace
        appendChunk("IHDR", header, to: &png)
        if bitDepth == 16 { appendChunk("gAMA", bigEndian(100_000), to: &png) }
        appendChunk("IDAT", try deflate(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// A zlib stream of `raw`, Huffman-coded only.
    private static func deflate(_ raw: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_HUFFMAN_ONLY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw PNGEncodingError("zlib could not start a deflate stream")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(raw.count))))
        let status: Int32 = raw.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw PNGEncodingError("zlib deflate failed (\(status))") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        // (zlib's crc32 with a null buffer returns the initial value: skip empty data.)
        if !data.isEmpty { crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) } }
        png += bigEndian(UInt32(truncatingIfNeeded: crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

/// A PNG file could not be written.
public struct PNGEncodingError: Error, CustomStringConvertible, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "PNG encoding failed: \(message)" }
}
