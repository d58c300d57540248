/// Walks the marker segments of a codestream: SOI, then `FF xx` markers, most followed by a
/// two-byte big-endian length that counts itself. Every segment it hands out lies inside the
/// buffer, so the header parsers only have to check their own fields against the payload size.
struct JPEGSegmentReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read. Scan decoders take it over for the entropy-coded data and hand back
    /// where that data stopped.
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func readStartOfImage() throws(DecodeError) {
        guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == JPEGMarker.startOfImage else {
            throw JPEGCodestreamDecoder.corrupt("the codestream does not start with an SOI marker (FF D8)")
        }
        position = 2
    }

    /// The next marker code, or nil when the data ends first. Fill bytes (`FF FF …`) are skipped,
    /// and so are stray bytes between segments, as libjpeg does: encoders leave padding after the
    /// entropy-coded data, and a missing segment will still be caught by whoever needed it.
    mutating func nextMarker() -> UInt8? {
        while position + 1 < bytes.count {
            if bytes[position] == 0xFF {
                let code = bytes[position + 1]
                if code != 0xFF && code != 0x00 {
                    position += 2
                    return code
                }
            }
            position += 1
        }
        position = bytes.count
        return nil
    }

    /// The payload of the segment whose marker was just read, and the position moved past it.
    mutating func readSegment(_ marker: UInt8) throws(DecodeError) -> UnsafeBufferPointer<UInt8> {
        guard position + 2 <= bytes.count else {
            throw JPEGCodestreamDecoder.corrupt("the data ends inside the length of marker FF \(Self.hex(marker))")
        }
        let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
        guard length >= 2, position + length <= bytes.count else {
            throw JPEGCodestreamDecoder.corrupt("marker FF \(Self.hex(marker)) declares \(length) bytes; \(bytes.count - position) are left")
        }
        let payload = UnsafeBufferPointer(rebasing: bytes[(position + 2)..<(position + length)])
        position += length
        return payload
    }

    /// A big-endian 16-bit field; callers check `offset + 2 <= payload.count` first.
    static func uint16(_ payload: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        Int(payload[offset]) << 8 | Int(payload[offset + 1])
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
