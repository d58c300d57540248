/// Uncompressed pixel data (PS3.5 §8.1): 8- or 16-bit samples in the data set's byte order,
/// interleaved or planar, with the bits above High Bit (overlays, garbage) masked off.
enum NativePixelCodec {
    static func decode(_ bytes: ArraySlice<UInt8>, module: DICOMPixelModule, bigEndian: Bool) throws(DecodeError) -> PixelSamples {
        let needed = module.bytesPerFrame
        guard bytes.count >= needed else {
            throw DecodeError(.truncatedImage, decoder: DICOMFile.decoderName,
                              "Pixel Data holds \(bytes.count) bytes but frame 1 needs \(needed) (\(module.columns)×\(module.rows)×\(module.samplesPerPixel), \(module.bitsAllocated)-bit)")
        }
        let count = module.samplesPerFrame
        let shift = UInt16(module.highBit + 1 - module.bitsStored)
        let mask = UInt16(truncatingIfNeeded: (1 << module.bitsStored) - 1)
        var values = [UInt16](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { out in
                guard let input = source.baseAddress, let output = out.baseAddress else { return }
                if module.bitsAllocated == 8 {
                    for index in 0..<count { output[index] = (UInt16(input[index]) &>> shift) & mask }
                } else if bigEndian {
                    for index in 0..<count {
                        let raw = UInt16(input[2 &* index]) &<< 8 | UInt16(input[2 &* index &+ 1])
                        output[index] = (raw &>> shift) & mask
                    }
                } else {
                    for index in 0..<count {
                        let raw = UInt16(input[2 &* index]) | UInt16(input[2 &* index &+ 1]) &<< 8
                        output[index] = (raw &>> shift) & mask
                    }
                }
            }
        }
        var samples = PixelSamples(width: module.columns, height: module.rows, components: module.samplesPerPixel,
                                   precision: module.bitsStored, values: values)
        if module.isPlanar && module.samplesPerPixel > 1 { samples.values = interleave(planar: values, components: module.samplesPerPixel) }
        return samples
    }

    /// R…R G…G B…B → R G B R G B ….
    static func interleave(planar: [UInt16], components: Int) -> [UInt16] {
        let plane = planar.count / components
        var out = [UInt16](repeating: 0, count: planar.count)
        for component in 0..<components {
            for index in 0..<plane { out[index * components + component] = planar[component * plane + index] }
        }
        return out
    }
}
