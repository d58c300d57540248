/// JPEG lossless, process 14 (SOF3 with Huffman coding; T.81 Annex H), as DICOM uses it for
/// transfer syntaxes 1.2.840.10008.1.2.4.57 and .70.
///
/// Each sample is coded as the difference from a prediction made of its left (Ra), upper (Rb) and
/// upper-left (Rc) neighbours. An MCU row is first entropy-decoded into differences, then each
/// sample row is reconstructed in one tight loop per predictor: the Huffman decoding stays the only
/// branchy work per sample, and the row loops have no edge cases in them.
///
/// Arithmetic follows H.1.2 as DICOM (PS3.5 A.4.2) and libjpeg do it: predictions are computed in
/// full integer precision from the stored (unsigned, 16-bit) samples, the difference is added
/// modulo 2^16, and difference category 16 means 32768 with no extra bits. The first sample of the
/// scan and of each restart interval is predicted as 2^(P−Pt−1); the rest of that line uses Ra and
/// the first column uses Rb.
struct JPEGLosslessDecoder {
    let frame: JPEGFrameHeader
    private(set) var planes: JPEGComponentPlanes
    /// The point transform each component was coded with, applied on output.
    private var pointTransforms: [Int]

    init(frame: JPEGFrameHeader) {
        self.frame = frame
        planes = JPEGComponentPlanes(frame: frame, unit: 1)
        pointTransforms = Array(repeating: 0, count: frame.components.count)
    }

    var isComplete: Bool { !planes.decoded.contains(false) }

    func samples() -> PixelSamples { planes.samples(frame: frame, shifts: pointTransforms) }

    /// Decodes the entropy-coded data that starts at `position`; returns where it stopped.
    mutating func decodeScan(_ scan: JPEGScanHeader, tables: JPEGTables, bytes: UnsafeBufferPointer<UInt8>,
                             position: Int) throws(DecodeError) -> Int {
        var huffman: [JPEGHuffmanTable] = []
        for component in scan.components {
            guard let table = tables.dc[component.dcTable] else {
                throw JPEGCodestreamDecoder.corrupt("the scan uses Huffman table \(component.dcTable), which is not defined")
            }
            huffman.append(table)
        }
        let interleaved = scan.components.count > 1
        let frameComponents = scan.components.map { frame.components[$0.frameIndex] }
        let scanPlanes = scan.components.map { planes.planes[$0.frameIndex] }
        // An MCU is one sample in a non-interleaved scan, H×V samples of each component otherwise.
        let mcuColumns = interleaved ? (frame.width + frame.maxHorizontal - 1) / frame.maxHorizontal : scanPlanes[0].width
        let mcuRows = interleaved ? (frame.height + frame.maxVertical - 1) / frame.maxVertical : scanPlanes[0].height
        let restartInterval = tables.restartInterval
        // Prediction restarts along whole lines only (libjpeg requires the same).
        guard restartInterval % mcuColumns == 0 else {
            throw DecodeError(.unsupportedImage, decoder: JPEGCodestreamDecoder.name,
                              "a lossless restart interval of \(restartInterval) MCUs is not a whole number of \(mcuColumns)-MCU lines")
        }
        let rowsPerInterval = restartInterval / mcuColumns
        let precision = frame.precision, pointTransform = scan.pointTransform
        let initial = Int32(1) << Int32(precision - pointTransform - 1)
        let predictor = scan.predictor

        // Differences for one MCU row: V rows of each component's padded width.
        let rowWidths = zip(frameComponents, scanPlanes).map { interleaved ? mcuColumns * $0.horizontal : $1.width }
        let rowCounts = frameComponents.map { interleaved ? $0.vertical : 1 }
        var differenceOffsets: [Int] = []
        var differenceTotal = 0
        for index in scan.components.indices {
            differenceOffsets.append(differenceTotal)
            differenceTotal += rowWidths[index] * rowCounts[index]
        }
        let differences = UnsafeMutablePointer<Int32>.allocate(capacity: differenceTotal)
        differences.initialize(repeating: 0, count: differenceTotal)
        defer { differences.deallocate() }

        var reader = JPEGBitReader(bytes: bytes, position: position)
        let end: Int = try planes.storage.withUnsafeMutableBufferPointer { (storage) throws(DecodeError) -> Int in
            guard let base = storage.baseAddress else { return position }
            var restartIndex = 0
            for mcuRow in 0..<mcuRows {
                var startsInterval = mcuRow == 0
                if rowsPerInterval > 0 && mcuRow > 0 && mcuRow % rowsPerInterval == 0 {
                    try reader.restart(expected: restartIndex)
                    restartIndex += 1
                    startsInterval = true
                }
                if interleaved {
                    for mcuColumn in 0..<mcuColumns {
                        for index in scan.components.indices {
                            let horizontal = frameComponents[index].horizontal, width = rowWidths[index]
                            let table = huffman[index]
                            for unitRow in 0..<rowCounts[index] {
                                var target = differences + (differenceOffsets[index] + unitRow * width + mcuColumn * horizontal)
                                for _ in 0..<horizontal {
                                    target.pointee = try Self.difference(&reader, table)
                                    target += 1
                                }
                            }
                        }
                    }
                } else {
                    let table = huffman[0]
                    for column in 0..<mcuColumns {
                        differences[column] = try Self.difference(&reader, table)
                    }
                }
                guard !reader.hasOverrun else {
                    throw JPEGCodestreamDecoder.corrupt("the entropy-coded data ends at line \(mcuRow + 1) of \(mcuRows)")
                }
                for index in scan.components.indices {
                    let plane = scanPlanes[index], width = rowWidths[index]
                    for unitRow in 0..<rowCounts[index] {
                        let y = mcuRow * rowCounts[index] + unitRow
                        let row = base + plane.offset + y * plane.stride
                        Self.reconstruct(row: row, previous: row - plane.stride,
                                         differences: differences + (differenceOffsets[index] + unitRow * width), count: width,
                                         predictor: startsInterval && unitRow == 0 ? 0 : predictor, initial: initial)
                    }
                }
            }
            return try reader.finish()
        }
        for component in scan.components {
            planes.decoded[component.frameIndex] = true
            pointTransforms[component.frameIndex] = pointTransform
        }
        return end
    }

    /// One difference (T.81 H.1.2.2): a Huffman-coded category, then that many extra bits.
    @inline(__always)
    private static func difference(_ reader: inout JPEGBitReader, _ table: JPEGHuffmanTable) throws(DecodeError) -> Int32 {
        if reader.count < 32 { reader.refill() }
        let category = reader.decode(table)
        switch category {
        case 0: return 0
        case 1...15: return Int32(truncatingIfNeeded: reader.receiveExtend(category))
        case 16: return 32768
        default: throw JPEGCodestreamDecoder.corrupt("a lossless difference has no valid Huffman code")
        }
    }

    /// Rebuilds one line of samples from its differences. Predictor 0 here marks the first line
    /// of the scan or of a restart interval: the initial value, then Ra. On other lines the first
    /// sample uses Rb (`previous` is only read then, so it may point outside the plane otherwise).
    private static func reconstruct(row: UnsafeMutablePointer<UInt16>, previous: UnsafeMutablePointer<UInt16>,
                                    differences: UnsafePointer<Int32>, count: Int, predictor: Int, initial: Int32) {
        guard count > 0 else { return }
        var left = ((predictor == 0 ? initial : Int32(previous[0])) &+ differences[0]) & 0xFFFF
        row[0] = UInt16(truncatingIfNeeded: left)
        guard count > 1 else { return }
        // Each case is its own loop so the predictor is chosen once per line, not per sample.
        switch predictor {
        case 0, 1:
            for x in 1..<count {
                left = (left &+ differences[x]) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: left)
            }
        case 2:
            for x in 1..<count {
                row[x] = UInt16(truncatingIfNeeded: Int32(previous[x]) &+ differences[x])
            }
        case 3:
            for x in 1..<count {
                row[x] = UInt16(truncatingIfNeeded: Int32(previous[x &- 1]) &+ differences[x])
            }
        case 4:
            for x in 1..<count {
                left = (left &+ Int32(previous[x]) &- Int32(previous[x &- 1]) &+ differences[x]) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: left)
            }
        case 5:
            for x in 1..<count {
                left = (left &+ ((Int32(previous[x]) &- Int32(previous[x &- 1])) &>> 1) &+ differences[x]) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: left)
            }
        case 6:
            for x in 1..<count {
                left = (Int32(previous[x]) &+ ((left &- Int32(previous[x &- 1])) &>> 1) &+ differences[x]) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: left)
            }
        default:
            for x in 1..<count {
                left = (((left &+ Int32(previous[x])) &>> 1) &+ differences[x]) & 0xFFFF
                row[x] = UInt16(truncatingIfNeeded: left)
            }
        }
    }
}
