/// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits-coded
/// segment per byte plane — for each sample, its most significant byte first.
enum RLECodec {
    static let decoderName = "dicom-rle"

    static func decode(_ frame: [UInt8], module: DICOMPixelModule) throws(DecodeError) -> PixelSamples {
        let bytesPerSample = module.bitsAllocated / 8
        let expectedSegments = module.samplesPerPixel * bytesPerSample
        guard frame.count >= 64 else { throw corrupt("the RLE header is cut off (\(frame.count) bytes)") }
        let segmentCount = Int(readUInt32(frame, at: 0))
        guard segmentCount == expectedSegments else {
            throw corrupt("the RLE header lists \(segmentCount) segments; \(module.samplesPerPixel) samples of \(module.bitsAllocated) bits need \(expectedSegments)")
        }
        var offsets = (0..<segmentCount).map { Int(readUInt32(frame, at: 4 + 4 * $0)) }
        offsets.append(frame.count)
        let pixels = module.rows * module.columns
        var values = [UInt16](repeating: 0, count: pixels * module.samplesPerPixel)
        var plane = [UInt8](repeating: 0, count: pixels)
        for segment in 0..<segmentCount {
            let start = offsets[segment], end = offsets[segment + 1]
            guard start >= 64, start <= end, end <= frame.count else {
                throw corrupt("RLE segment \(segment + 1) has offsets \(start)…\(end) outside the \(frame.count)-byte frame")
            }
            try unpack(frame[start..<end], into: &plane, segment: segment + 1)
            let sample = segment / bytesPerSample
            let shift = UInt16(8 * (bytesPerSample - 1 - segment % bytesPerSample))
            let components = module.samplesPerPixel
            values.withUnsafeMutableBufferPointer { out in
                plane.withUnsafeBufferPointer { bytes in
                    for index in 0..<pixels {
                        out[index &* components &+ sample] |= UInt16(bytes[index]) &<< shift
                    }
                }
            }
        }
        let shift = UInt16(module.highBit + 1 - module.bitsStored)
        let mask = UInt16(truncatingIfNeeded: (1 << module.bitsStored) - 1)
        if shift != 0 || module.bitsStored < module.bitsAllocated {
            for index in values.indices { values[index] = (values[index] &>> shift) & mask }
        }
        return PixelSamples(width: module.columns, height: module.rows, components: module.samplesPerPixel,
                            precision: module.bitsStored, values: values)
    }

    /// PackBits: a header byte n in 0…127 copies n+1 literal bytes, −1…−127 repeats the next byte
    /// 1−n times, −128 is skipped. The plane must be filled exactly; output past it is dropped.
    private static func unpack(_ source: ArraySlice<UInt8>, into plane: inout [UInt8], segment: Int) throws(DecodeError) {
        var input = source.startIndex
        var filled = 0
        let count = plane.count
        while filled < count {
            guard input < source.endIndex else {
                throw corrupt("RLE segment \(segment) ends after \(filled) of \(count) bytes")
            }
            let header = Int8(bitPattern: source[input])
            input += 1
            if header >= 0 {
                let run = Int(header) + 1
                guard source.endIndex - input >= run else { throw corrupt("RLE segment \(segment) ends inside a literal run") }
                let take = min(run, count - filled)
                for offset in 0..<take { plane[filled + offset] = source[input + offset] }
                filled += take
                input += run
            } else if header != -128 {
                guard input < source.endIndex else { throw corrupt("RLE segment \(segment) ends inside a repeat run") }
                let run = min(1 - Int(header), count - filled)
                let value = source[input]
                for offset in 0..<run { plane[filled + offset] = value }
                filled += run
                input += 1
            }
        }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func corrupt(_ message: String) -> DecodeError {
        DecodeError(.corruptImage, decoder: decoderName, message)
    }
}
