import CZlib

/// Inflates a raw deflate stream (no zlib header: Deflated Explicit VR Little Endian, PS3.5
/// §A.5) with a hard bound on the output, so a small file cannot expand without limit.
enum RawInflater {
    static func inflate(_ input: ArraySlice<UInt8>, maxBytes: Int, decoder: String) throws(DecodeError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecodeError(.malformedDICOM, decoder: decoder, "zlib could not start an inflate stream")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        var input = Array(input)
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
            } while status == Z_OK && output.count <= maxBytes && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        guard output.count <= maxBytes else {
            throw DecodeError(.malformedDICOM, decoder: decoder, "the deflated data set inflates past \(maxBytes) bytes")
        }
        guard status == Z_STREAM_END else {
            throw DecodeError(.malformedDICOM, decoder: decoder,
                              status == Z_OK || status == Z_BUF_ERROR ? "the deflated data set is truncated"
                                  : "the deflated data set is corrupt (zlib error \(status))")
        }
        return output
    }
}
