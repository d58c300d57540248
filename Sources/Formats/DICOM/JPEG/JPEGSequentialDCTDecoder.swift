/// Sequential DCT with Huffman coding (SOF0 baseline, SOF1 extended; T.81 Annex F) at 8 or 12
/// bits, for DICOM's "JPEG Extended (Process 2 & 4)" (1.2.840.10008.1.2.4.51): libjpeg-turbo as
/// Debian builds it decodes only 8-bit DCT, so 12-bit images come here. 8-bit streams decode too,
/// as a fallback; the result is close to libjpeg's but not bit-identical (its IDCT is integer).
///
/// Blocks are transformed as soon as they are decoded, straight into the component planes, so only
/// one block of coefficients exists at a time. Colour stays as coded (no YCbCr→RGB): the caller
/// knows the photometric interpretation and decides.
struct JPEGSequentialDCTDecoder {
    /// Natural (row-major) position of the k-th coefficient in zig-zag order (T.81 Figure A.6).
    private static let naturalOrder: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ]

    let frame: JPEGFrameHeader
    private(set) var planes: JPEGComponentPlanes
    private let inverse: JPEGInverseDCT

    init(frame: JPEGFrameHeader) {
        self.frame = frame
        planes = JPEGComponentPlanes(frame: frame, unit: 8)
        inverse = JPEGInverseDCT(precision: frame.precision)
    }

    var isComplete: Bool { !planes.decoded.contains(false) }

    func samples() -> PixelSamples {
        planes.samples(frame: frame, shifts: Array(repeating: 0, count: frame.components.count))
    }

    /// Decodes the entropy-coded data that starts at `position`; returns where it stopped.
    mutating func decodeScan(_ scan: JPEGScanHeader, tables: JPEGTables, bytes: UnsafeBufferPointer<UInt8>,
                             position: Int) throws(DecodeError) -> Int {
        var dcTables: [JPEGHuffmanTable] = [], acTables: [JPEGHuffmanTable] = []
        // Quantisation steps per scan component, zig-zag order, as floats ready to multiply.
        let quantization = UnsafeMutablePointer<Float>.allocate(capacity: 64 * scan.components.count)
        defer { quantization.deallocate() }
        for (index, component) in scan.components.enumerated() {
            guard let dc = tables.dc[component.dcTable], let ac = tables.ac[component.acTable] else {
                throw JPEGCodestreamDecoder.corrupt("the scan uses Huffman tables \(component.dcTable)/\(component.acTable), which are not both defined")
            }
            let slot = frame.components[component.frameIndex].quantizationTable
            guard let steps = tables.quantization[slot] else {
                throw JPEGCodestreamDecoder.corrupt("the scan needs quantisation table \(slot), which is not defined")
            }
            dcTables.append(dc)
            acTables.append(ac)
            for k in 0..<64 { (quantization + 64 * index + k).initialize(to: Float(steps[k])) }
        }
        let natural = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { natural.deallocate() }
        for k in 0..<64 { (natural + k).initialize(to: Self.naturalOrder[k]) }
        let coefficients = UnsafeMutablePointer<Float>.allocate(capacity: 64)
        coefficients.initialize(repeating: 0, count: 64)
        defer { coefficients.deallocate() }

        let interleaved = scan.components.count > 1
        let frameComponents = scan.components.map { frame.components[$0.frameIndex] }
        let scanPlanes = scan.components.map { planes.planes[$0.frameIndex] }
        // A non-interleaved scan's MCU is one block of the component's own size (T.81 A.2.2).
        let mcuColumns = interleaved ? (frame.width + 8 * frame.maxHorizontal - 1) / (8 * frame.maxHorizontal)
            : (scanPlanes[0].width + 7) / 8
        let mcuRows = interleaved ? (frame.height + 8 * frame.maxVertical - 1) / (8 * frame.maxVertical)
            : (scanPlanes[0].height + 7) / 8
        let blockColumns = interleaved ? frameComponents.map(\.horizontal) : [1]
        let blockRows = interleaved ? frameComponents.map(\.vertical) : [1]
        let restartInterval = tables.restartInterval
        let inverse = self.inverse

        var reader = JPEGBitReader(bytes: bytes, position: position)
        var predictions = Array(repeating: 0, count: scan.components.count)
        let end: Int = try planes.storage.withUnsafeMutableBufferPointer { (storage) throws(DecodeError) -> Int in
            guard let base = storage.baseAddress else { return position }
            var untilRestart = restartInterval
            var restartIndex = 0
            for mcuRow in 0..<mcuRows {
                for mcuColumn in 0..<mcuColumns {
                    if restartInterval > 0 {
                        if untilRestart == 0 {
                            try reader.restart(expected: restartIndex)
                            restartIndex += 1
                            untilRestart = restartInterval
                            for index in predictions.indices { predictions[index] = 0 }
                        }
                        untilRestart -= 1
                    }
                    for index in scan.components.indices {
                        let plane = scanPlanes[index]
                        let horizontal = blockColumns[index], vertical = blockRows[index]
                        let dc = dcTables[index], ac = acTables[index]
                        let steps = UnsafePointer(quantization + 64 * index)
                        for blockRow in 0..<vertical {
                            for blockColumn in 0..<horizontal {
                                let rows = try Self.decodeBlock(&reader, dc: dc, ac: ac, steps: steps, natural: natural,
                                                                prediction: &predictions[index], into: coefficients)
                                let y = (mcuRow * vertical + blockRow) * 8, x = (mcuColumn * horizontal + blockColumn) * 8
                                inverse.transform(coefficients, rows: rows, into: base + plane.offset + y * plane.stride + x,
                                                  stride: plane.stride)
                            }
                        }
                    }
                }
                guard !reader.hasOverrun else {
                    throw JPEGCodestreamDecoder.corrupt("the entropy-coded data ends at MCU row \(mcuRow + 1) of \(mcuRows)")
                }
            }
            return try reader.finish()
        }
        for component in scan.components { planes.decoded[component.frameIndex] = true }
        return end
    }

    /// Decodes one block's coefficients (T.81 F.2.2), dequantised into natural order, and returns
    /// which rows hold non-zero values (bits 0…7) and whether any AC value does (bit 8).
    @inline(__always)
    private static func decodeBlock(_ reader: inout JPEGBitReader, dc: JPEGHuffmanTable, ac: JPEGHuffmanTable,
                                    steps: UnsafePointer<Float>, natural: UnsafePointer<Int>, prediction: inout Int,
                                    into coefficients: UnsafeMutablePointer<Float>) throws(DecodeError) -> Int {
        coefficients.update(repeating: 0, count: 64)
        if reader.count < 32 { reader.refill() }
        let category = reader.decode(dc)
        guard category >= 0, category <= 16 else { throw JPEGCodestreamDecoder.corrupt("a DC difference has no valid Huffman code") }
        if category > 0 { prediction &+= reader.receiveExtend(category) }
        coefficients[0] = Float(prediction) * steps[0]
        var rows = 1
        var k = 1
        while k < 64 {
            if reader.count < 32 { reader.refill() }
            let symbol = reader.decode(ac)
            guard symbol >= 0 else { throw JPEGCodestreamDecoder.corrupt("an AC coefficient has no valid Huffman code") }
            let run = symbol &>> 4, size = symbol & 0x0F
            if size == 0 {
                guard run == 15 else { break }  // end of block
                k &+= 16
                continue
            }
            k &+= run
            guard k < 64 else { throw JPEGCodestreamDecoder.corrupt("AC coefficients run past the end of a block") }
            let position = natural[k]
            coefficients[position] = Float(reader.receiveExtend(size)) * steps[k]
            rows |= 0x100 | 1 &<< (position &>> 3)
            k &+= 1
        }
        return rows
    }
}
