/// Reads the entropy-coded data of one scan, most significant bit first.
///
/// A 0xFF data byte is stored as `FF 00` (T.81 F.1.2.3), so the stuffed zero is dropped; any other
/// byte after 0xFF is a marker (RSTn, or whatever follows the scan), where the data ends. The
/// reader never steps over a marker: past it, or past the end of the buffer, it feeds zero bits and
/// counts them. Decoding may run a little into that padding (it looks ahead up to 16 bits), but a
/// scan that *consumes* padded bits was cut short, and `hasOverrun` says so — the decoders check
/// it once per row, so a truncated or damaged stream is an error, never silently grey pixels.
///
/// The buffer holds up to 64 bits, left-aligned; one refill leaves at least 57, enough for a
/// Huffman code and its extra bits (16 + 16) without checking in between.
struct JPEGBitReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private var buffer: UInt64 = 0
    /// Bits in `buffer`, padding included.
    private(set) var count = 0
    /// Zero bits appended past the end of the data; `count - padded` real bits remain.
    private var padded = 0

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// True once the decoder has used bits that are not in the data.
    var hasOverrun: Bool { padded > count }

    /// Tops the buffer up to more than 56 bits.
    @inline(__always)
    mutating func refill() {
        while count <= 56 {
            var byte: UInt64 = 0
            if position < bytes.count {
                let value = bytes[position]
                if value != 0xFF {
                    byte = UInt64(value)
                    position &+= 1
                } else if position &+ 1 < bytes.count && bytes[position &+ 1] == 0x00 {
                    byte = 0xFF
                    position &+= 2
                } else {
                    padded &+= 8
                }
            } else {
                padded &+= 8
            }
            buffer |= byte &<< UInt64(56 &- count)
            count &+= 8
        }
    }

    /// The next Huffman-coded symbol, or -1 when the bits are no code of the table. The caller
    /// has refilled so that at least 16 bits are buffered.
    @inline(__always)
    mutating func decode(_ table: JPEGHuffmanTable) -> Int {
        let window = Int(truncatingIfNeeded: buffer &>> 48)
        let entry = table.lookup[window &>> (16 - JPEGHuffmanTable.lookupBits)]
        if entry != 0 {
            consume(Int(entry &>> 8))
            return Int(entry & 0xFF)
        }
        var length = JPEGHuffmanTable.lookupBits + 1
        while length <= 16 {
            let code = window &>> (16 &- length)
            if code <= Int(table.maxCode[length]) {
                consume(length)
                return Int(table.values[(code &+ Int(table.valueOffset[length])) & 0xFF])
            }
            length &+= 1
        }
        return -1
    }

    /// The next `size` bits (1…16) as the signed value of a size category (T.81 F.2.2.1 EXTEND):
    /// values below half the range are negative.
    @inline(__always)
    mutating func receiveExtend(_ size: Int) -> Int {
        let value = Int(truncatingIfNeeded: buffer &>> UInt64(64 &- size))
        consume(size)
        return value < 1 &<< (size &- 1) ? value &- (1 &<< size) &+ 1 : value
    }

    @inline(__always)
    private mutating func consume(_ bits: Int) {
        buffer &<<= UInt64(bits)
        count &-= bits
    }

    /// Ends a restart interval: the unused bits of the last byte are dropped and the data must go
    /// on with the expected RSTn marker (after optional fill bytes). Anything else means the
    /// interval was damaged; libjpeg would resynchronise, but a guess is not a diagnostic image.
    mutating func restart(expected index: Int) throws(DecodeError) {
        guard !hasOverrun else { throw JPEGCodestreamDecoder.corrupt("the entropy-coded data ends inside a restart interval") }
        buffer = 0
        count = 0
        padded = 0
        var cursor = position
        while cursor + 1 < bytes.count && bytes[cursor] == 0xFF && bytes[cursor + 1] == 0xFF { cursor += 1 }
        let expected = JPEGMarker.restart0 + UInt8(index & 7)
        guard cursor + 1 < bytes.count, bytes[cursor] == 0xFF, bytes[cursor + 1] == expected else {
            throw JPEGCodestreamDecoder.corrupt("restart marker RST\(index & 7) is missing where interval \(index + 1) should end")
        }
        position = cursor + 2
    }

    /// Ends the scan: checks the last MCU had all its bits and returns where the data stopped.
    func finish() throws(DecodeError) -> Int {
        guard !hasOverrun else { throw JPEGCodestreamDecoder.corrupt("the entropy-coded data ends before the scan is complete") }
        return position
    }
}
