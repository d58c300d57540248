/// One Huffman table from a DHT segment (T.81 Annex C), laid out for the decoder's hot loop.
///
/// Codes of up to 9 bits — nearly every symbol in medical images — are resolved with one lookup
/// on the next 9 bits; longer codes compare the next 10…16 bits against the largest code of each
/// length (T.81 F.2.2.3's MAXCODE, but a whole length at a time instead of bit by bit). The tables
/// live in manually allocated memory so that the decoder reads them through pointers without
/// bounds checks or reference counting; the constructor rejects tables whose codes do not fit
/// their lengths, so every index the decoder forms stays inside them.
final class JPEGHuffmanTable {
    static let lookupBits = 9

    /// Indexed by the next 9 bits: `length << 8 | symbol` when a code of at most 9 bits starts
    /// them, 0 when the code is longer (or is not a code at all).
    let lookup: UnsafeMutablePointer<UInt16>
    /// Indexed by code length 0…16: the largest code of that length, or -1 when there is none.
    let maxCode: UnsafeMutablePointer<Int32>
    /// Indexed by code length: what to add to a code of that length to get its symbol's index.
    let valueOffset: UnsafeMutablePointer<Int32>
    /// The symbols in code order, padded with zeros to 256 entries.
    let values: UnsafeMutablePointer<UInt8>

    /// `counts[l - 1]` codes of length l, for l in 1…16, taking `symbols` in order.
    init(counts: [Int], symbols: ArraySlice<UInt8>) throws(DecodeError) {
        guard counts.count == 16, counts.reduce(0, +) == symbols.count, symbols.count <= 256 else {
            throw JPEGCodestreamDecoder.corrupt("a Huffman table lists \(counts.reduce(0, +)) codes for \(symbols.count) symbols")
        }
        let lookupSize = 1 << Self.lookupBits
        lookup = .allocate(capacity: lookupSize)
        lookup.initialize(repeating: 0, count: lookupSize)
        maxCode = .allocate(capacity: 17)
        maxCode.initialize(repeating: -1, count: 17)
        valueOffset = .allocate(capacity: 17)
        valueOffset.initialize(repeating: 0, count: 17)
        values = .allocate(capacity: 256)
        values.initialize(repeating: 0, count: 256)
        var index = 0
        for symbol in symbols {
            values[index] = symbol
            index += 1
        }

        // Canonical codes (T.81 C.2): consecutive within a length, doubled when the length grows.
        var code = 0
        var symbolIndex = 0
        for length in 1...16 {
            let count = counts[length - 1]
            if count > 0 {
                valueOffset[length] = Int32(symbolIndex - code)
                guard code + count <= 1 << length else {
                    throw JPEGCodestreamDecoder.corrupt("a Huffman table has more codes of length \(length) than fit")
                }
                for _ in 0..<count {
                    if length <= Self.lookupBits {
                        let spread = Self.lookupBits - length
                        let entry = UInt16(length << 8) | UInt16(values[symbolIndex])
                        for filler in (code << spread)..<((code + 1) << spread) { lookup[filler] = entry }
                    }
                    code += 1
                    symbolIndex += 1
                }
                maxCode[length] = Int32(code - 1)
            }
            code <<= 1
        }
    }

    deinit {
        lookup.deallocate()
        maxCode.deallocate()
        valueOffset.deallocate()
        values.deallocate()
    }
}
