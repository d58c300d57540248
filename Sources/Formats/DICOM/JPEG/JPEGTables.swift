/// The tables a scan decodes with: Huffman tables (DHT), quantisation tables (DQT) and the restart
/// interval (DRI). Each may be (re)defined anywhere before the scan that uses it, so the decoder
/// keeps the latest definition of every slot and checks at scan start that the ones it needs exist.
struct JPEGTables {
    /// DC tables, which lossless scans also use for their differences; slots 0…3.
    var dc: [JPEGHuffmanTable?] = Array(repeating: nil, count: 4)
    var ac: [JPEGHuffmanTable?] = Array(repeating: nil, count: 4)
    /// 64 quantisation steps each, in zig-zag order as stored.
    var quantization: [[UInt16]?] = Array(repeating: nil, count: 4)
    /// MCUs per restart interval; 0 when there are no restart markers.
    var restartInterval = 0

    /// A DHT segment: one or more tables, each `Tc Th`, 16 code counts, then the symbols.
    mutating func readHuffman(_ payload: UnsafeBufferPointer<UInt8>) throws(DecodeError) {
        var offset = 0
        while offset < payload.count {
            guard offset + 17 <= payload.count else { throw JPEGCodestreamDecoder.corrupt("a DHT segment ends inside a table's code counts") }
            let tableClass = Int(payload[offset] >> 4), slot = Int(payload[offset] & 0x0F)
            guard tableClass <= 1, slot <= 3 else {
                throw JPEGCodestreamDecoder.corrupt("a DHT segment defines table class \(tableClass) slot \(slot)")
            }
            let counts = (0..<16).map { Int(payload[offset + 1 + $0]) }
            let total = counts.reduce(0, +)
            offset += 17
            guard offset + total <= payload.count else { throw JPEGCodestreamDecoder.corrupt("a DHT segment ends inside a table's symbols") }
            let table = try JPEGHuffmanTable(counts: counts, symbols: Array(payload[offset..<(offset + total)])[...])
            offset += total
            if tableClass == 0 { dc[slot] = table } else { ac[slot] = table }
        }
    }

    /// A DQT segment: one or more tables, each `Pq Tq` then 64 steps of 8 (Pq 0) or 16 bits (Pq 1).
    mutating func readQuantization(_ payload: UnsafeBufferPointer<UInt8>) throws(DecodeError) {
        var offset = 0
        while offset < payload.count {
            let precision = Int(payload[offset] >> 4), slot = Int(payload[offset] & 0x0F)
            guard precision <= 1, slot <= 3 else {
                throw JPEGCodestreamDecoder.corrupt("a DQT segment defines precision \(precision) slot \(slot)")
            }
            let size = precision == 0 ? 64 : 128
            offset += 1
            guard offset + size <= payload.count else { throw JPEGCodestreamDecoder.corrupt("a DQT segment ends inside a table") }
            quantization[slot] = (0..<64).map { index in
                precision == 0 ? UInt16(payload[offset + index])
                    : UInt16(JPEGSegmentReader.uint16(payload, at: offset + 2 * index))
            }
            offset += size
        }
    }

    mutating func readRestartInterval(_ payload: UnsafeBufferPointer<UInt8>) throws(DecodeError) {
        guard payload.count >= 2 else { throw JPEGCodestreamDecoder.corrupt("a DRI segment is \(payload.count) bytes long") }
        restartInterval = JPEGSegmentReader.uint16(payload, at: 0)
    }
}
