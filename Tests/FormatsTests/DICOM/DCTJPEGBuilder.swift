/// Writes 12-bit extended sequential DCT codestreams (SOF1) whose blocks carry only a DC
/// coefficient, with a quantisation step of 8, so every decoded sample is exactly its block's level
/// plus 2048 whatever the IDCT's rounding. That pins down what the real fixtures do not exercise:
/// MCU interleaving with subsampled components, restart intervals that end mid-row (with the DC
/// predictions reset), and cropping of the padding blocks.
struct DCTJPEGBuilder {
    struct Component {
        var horizontal: Int
        var vertical: Int
    }

    var width: Int
    var height: Int
    var components: [Component]
    /// MCUs per restart interval; 0 for none.
    var restartInterval = 0

    /// The level (−2048…2047) of the block at (column, row) of component `index`.
    static func level(component index: Int, column: Int, row: Int) -> Int {
        ((column * 37 + row * 101 + index * 613) % 1_900) - 950
    }

    private var maxHorizontal: Int { components.map(\.horizontal).max() ?? 1 }
    private var maxVertical: Int { components.map(\.vertical).max() ?? 1 }

    /// Pixel-interleaved samples, subsampled components replicated.
    var expected: [UInt16] {
        var values: [UInt16] = []
        for y in 0..<height {
            for x in 0..<width {
                for (index, component) in components.enumerated() {
                    let column = x * component.horizontal / maxHorizontal / 8, row = y * component.vertical / maxVertical / 8
                    values.append(UInt16(Self.level(component: index, column: column, row: row) + 2_048))
                }
            }
        }
        return values
    }

    func make() -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        out += LosslessJPEGBuilder.segment(0xDB, [0x00] + [UInt8](repeating: 8, count: 64))
        var frame: [UInt8] = [12, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), UInt8(components.count)]
        for (index, component) in components.enumerated() {
            frame += [UInt8(index + 1), UInt8(component.horizontal << 4 | component.vertical), 0]
        }
        out += LosslessJPEGBuilder.segment(0xC1, frame)
        // DC: categories 0…15 as 4-bit codes 0000…1110 (1111 unused). AC: only EOB, as code "0".
        var dcCounts = [UInt8](repeating: 0, count: 16)
        dcCounts[3] = 16
        out += LosslessJPEGBuilder.segment(0xC4, [0x00] + dcCounts + (0..<16).map { UInt8($0) })
        var acCounts = [UInt8](repeating: 0, count: 16)
        acCounts[0] = 1
        out += LosslessJPEGBuilder.segment(0xC4, [0x10] + acCounts + [0x00])
        if restartInterval > 0 {
            out += LosslessJPEGBuilder.segment(0xDD, [UInt8(restartInterval >> 8), UInt8(restartInterval & 0xFF)])
        }
        var scan: [UInt8] = [UInt8(components.count)]
        for index in components.indices { scan += [UInt8(index + 1), 0x00] }
        out += LosslessJPEGBuilder.segment(0xDA, scan + [0, 63, 0])

        var bits: [Bool] = []
        var data: [UInt8] = []
        func flush() {
            while bits.count % 8 != 0 { bits.append(true) }
            for start in stride(from: 0, to: bits.count, by: 8) {
                let byte = bits[start..<(start + 8)].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
                data.append(byte)
                if byte == 0xFF { data.append(0x00) }
            }
            bits.removeAll()
        }
        func write(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        let single = components.count == 1
        let mcuColumns = single ? (width + 7) / 8 : (width + 8 * maxHorizontal - 1) / (8 * maxHorizontal)
        let mcuRows = single ? (height + 7) / 8 : (height + 8 * maxVertical - 1) / (8 * maxVertical)
        var predictions = [Int](repeating: 0, count: components.count)
        var mcu = 0
        for mcuRow in 0..<mcuRows {
            for mcuColumn in 0..<mcuColumns {
                if restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0 {
                    flush()
                    data += [0xFF, 0xD0 + UInt8((mcu / restartInterval - 1) & 7)]
                    predictions = predictions.map { _ in 0 }
                }
                for (index, component) in components.enumerated() {
                    let blockColumns = single ? 1 : component.horizontal, blockRows = single ? 1 : component.vertical
                    for blockRow in 0..<blockRows {
                        for blockColumn in 0..<blockColumns {
                            let level = Self.level(component: index, column: mcuColumn * blockColumns + blockColumn,
                                                   row: mcuRow * blockRows + blockRow)
                            // DC coefficient = 8 × level, quantised by 8: the coded value is the level.
                            let difference = level - predictions[index]
                            predictions[index] = level
                            let category = difference == 0 ? 0 : Int.bitWidth - difference.magnitude.leadingZeroBitCount
                            write(category, 4)
                            if category > 0 { write(difference > 0 ? difference : difference + (1 << category) - 1, category) }
                            write(0, 1)  // EOB
                        }
                    }
                }
                mcu += 1
            }
        }
        flush()
        return out + data + [0xFF, 0xD9]
    }
}
