/// Writes JPEG lossless (SOF3) codestreams from known samples, so the decoder's predictors, point
/// transform, restart intervals and multi-component scans are checked against exact values: the
/// real fixtures only cover predictors 1 and 7 on one component without restarts.
///
/// The Huffman table mixes short codes (looked up in one step) with codes of 10, 12 and 16 bits
/// (the decoder's slow path), and every difference category 0…16 has a code.
struct LosslessJPEGBuilder {
    var width: Int
    var height: Int
    var precision: Int
    /// One full-size plane per component, row-major, each value below 2^precision.
    var planes: [[UInt16]]
    var predictor = 1
    var pointTransform = 0
    /// Lines per restart interval; 0 for none.
    var restartLines = 0
    /// One scan with every component, or one scan per component.
    var interleaved = true

    /// Code length of each category 0…16 (Kraft sum below 1, so the canonical codes exist).
    static let lengths = [2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 10, 10, 12, 16]

    /// What the decoder must return: each sample with its low `pointTransform` bits cleared.
    var expected: [UInt16] {
        var values: [UInt16] = []
        for index in 0..<(width * height) {
            for plane in planes { values.append((plane[index] >> pointTransform) << pointTransform) }
        }
        return values
    }

    func make() -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        var frame: [UInt8] = [UInt8(precision), UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF),
                              UInt8(planes.count)]
        for index in planes.indices { frame += [UInt8(index + 1), 0x11, 0] }
        out += Self.segment(0xC3, frame)
        var counts = [UInt8](repeating: 0, count: 16)
        for length in Self.lengths { counts[length - 1] += 1 }
        out += Self.segment(0xC4, [0x00] + counts + (0...16).map { UInt8($0) })
        if restartLines > 0 {
            let interval = restartLines * width
            out += Self.segment(0xDD, [UInt8(interval >> 8), UInt8(interval & 0xFF)])
        }
        let scans: [[Int]] = interleaved ? [Array(planes.indices)] : planes.indices.map { [$0] }
        for scan in scans {
            var header: [UInt8] = [UInt8(scan.count)]
            for index in scan { header += [UInt8(index + 1), 0x00] }
            header += [UInt8(predictor), 0, UInt8(pointTransform)]
            out += Self.segment(0xDA, header)
            out += entropyCoded(scan)
        }
        return out + [0xFF, 0xD9]
    }

    private func entropyCoded(_ scan: [Int]) -> [UInt8] {
        let codes = Self.canonicalCodes()
        var writer = BitWriter()
        let initial = 1 << (precision - pointTransform - 1)
        var restartIndex = 0
        for y in 0..<height {
            var firstLine = y == 0
            if restartLines > 0 && y > 0 && y % restartLines == 0 {
                writer.padAndWriteMarker(0xD0 + UInt8(restartIndex & 7))
                restartIndex += 1
                firstLine = true
            }
            for x in 0..<width {
                for index in scan {
                    let plane = planes[index]
                    func sample(_ x: Int, _ y: Int) -> Int { Int(plane[y * width + x] >> pointTransform) }
                    let prediction: Int
                    if firstLine {
                        prediction = x == 0 ? initial : sample(x - 1, y)
                    } else if x == 0 {
                        prediction = sample(0, y - 1)
                    } else {
                        let a = sample(x - 1, y), b = sample(x, y - 1), c = sample(x - 1, y - 1)
                        switch predictor {
                        case 1: prediction = a
                        case 2: prediction = b
                        case 3: prediction = c
                        case 4: prediction = a + b - c
                        case 5: prediction = a + ((b - c) >> 1)
                        case 6: prediction = b + ((a - c) >> 1)
                        default: prediction = (a + b) >> 1
                        }
                    }
                    var difference = (sample(x, y) - prediction) & 0xFFFF
                    if difference > 0x8000 { difference -= 0x10000 }
                    let category = difference == 0 ? 0 : Int.bitWidth - difference.magnitude.leadingZeroBitCount
                    writer.write(codes[category].code, count: codes[category].length)
                    if category > 0 && category < 16 {
                        let bits = difference > 0 ? difference : difference + (1 << category) - 1
                        writer.write(bits, count: category)
                    }
                }
            }
        }
        writer.padToByte()
        return writer.bytes
    }

    private static func canonicalCodes() -> [(code: Int, length: Int)] {
        var codes = [(code: Int, length: Int)](repeating: (0, 0), count: lengths.count)
        var code = 0
        for length in 1...16 {
            for symbol in lengths.indices where lengths[symbol] == length {
                codes[symbol] = (code, length)
                code += 1
            }
            code <<= 1
        }
        return codes
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    /// MSB-first bits with 0xFF bytes stuffed, padded with 1-bits (T.81 F.1.2.3).
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var accumulator = 0
        private var filled = 0

        mutating func write(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) {
                accumulator = accumulator << 1 | (value >> shift) & 1
                filled += 1
                if filled == 8 { flush() }
            }
        }

        mutating func padToByte() {
            while filled != 0 { write(1, count: 1) }
        }

        mutating func padAndWriteMarker(_ marker: UInt8) {
            padToByte()
            bytes += [0xFF, marker]
        }

        private mutating func flush() {
            bytes.append(UInt8(accumulator))
            if accumulator == 0xFF { bytes.append(0x00) }
            accumulator = 0
            filled = 0
        }
    }
}
