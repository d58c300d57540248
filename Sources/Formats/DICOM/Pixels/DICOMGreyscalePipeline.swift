/// Turns a frame's stored samples into the grey image the encoders see (PS3.3 §C.11): colour to
/// luma, sign, the Modality LUT or Rescale Slope/Intercept, the VOI LUT or the first Window
/// Center/Width pair (else the frame's own min–max), then MONOCHROME1 inverted.
///
/// Presentation LUT Shape INVERSE inverts too; on a MONOCHROME1 image it restates MONOCHROME1
/// (PS3.3 §C.11.6.1.2), so it does not invert a second time. The stored pixels stay in the blob.
struct DICOMGreyscalePipeline {
    /// How the codec handed back colour: RGB (after any YCbCr conversion), or YCbCr as stored.
    enum ColourModel { case rgb, ybr }

    var module: DICOMPixelModule
    var dataSet: DICOMDataSet

    func grey(_ samples: PixelSamples, colour: ColourModel) -> DecodedImage {
        let count = samples.width * samples.height
        let inverted = module.photometric == "MONOCHROME1" || dataSet.string(.presentationLUTShape)?.uppercased() == "INVERSE"
        var pixels: GreyPixels
        if samples.components >= 3 {
            pixels = .eight(luma(samples, colour: colour, count: count))
        } else if samples.precision <= 8, !module.isSigned, !hasGreyTransforms {
            pixels = .eight(samples.values.withUnsafeBufferPointer { values in (0..<count).map { UInt8(truncatingIfNeeded: values[$0]) } })
        } else {
            pixels = .sixteen(windowed(modalityValues(samples, count: count)))
        }
        if inverted {
            switch pixels {
            case .eight(let values): pixels = .eight(values.map { 255 - $0 })
            case .sixteen(let values): pixels = .sixteen(values.map { 65_535 - $0 })
            }
        }
        return DecodedImage(format: DICOMFile.decoderName, width: samples.width, height: samples.height,
                            bitsPerSample: module.bitsStored, photometric: module.photometric, pixels: pixels)
    }

    private var hasGreyTransforms: Bool {
        [.modalityLUTSequence, .voiLUTSequence, .windowCenter, .rescaleSlope, .rescaleIntercept].contains { dataSet.contains($0) }
    }

    /// BT.601 luma of RGB, or the Y of YCbCr; 16-bit colour keeps its top 8 bits.
    private func luma(_ samples: PixelSamples, colour: ColourModel, count: Int) -> [UInt8] {
        let shift = UInt32(max(samples.precision - 8, 0))
        return samples.values.withUnsafeBufferPointer { values in
            (0..<count).map { index in
                let base = index &* samples.components
                if colour == .ybr { return UInt8(truncatingIfNeeded: UInt32(values[base]) &>> shift) }
                let sum = 299 &* UInt32(values[base]) &+ 587 &* UInt32(values[base &+ 1]) &+ 114 &* UInt32(values[base &+ 2]) &+ 500
                return UInt8(truncatingIfNeeded: (sum / 1000) &>> shift)
            }
        }
    }

    /// Stored values → modality values (Hounsfield units, optical density, …).
    private func modalityValues(_ samples: PixelSamples, count: Int) -> [Float] {
        let bits = samples.precision
        let signBit = Int32(1) << (bits - 1), range = Int32(1) << bits
        let signed = module.isSigned
        var values = samples.values.withUnsafeBufferPointer { stored in
            (0..<count).map { index -> Float in
                var value = Int32(stored[index])
                if signed, value >= signBit { value -= range }
                return Float(value)
            }
        }
        if let lut = DICOMLookupTable(dataSet.sequence(.modalityLUTSequence).first) {
            for index in values.indices { values[index] = lut.map(values[index]) }
        } else {
            let slope = Float(dataSet.decimals(.rescaleSlope).first ?? 1), intercept = Float(dataSet.decimals(.rescaleIntercept).first ?? 0)
            if slope.isFinite, intercept.isFinite, slope != 1 || intercept != 0 {
                for index in values.indices { values[index] = values[index] * slope + intercept }
            }
        }
        return values
    }

    /// Modality values → 0…65535 through the VOI LUT, the window, or the min–max.
    private func windowed(_ values: [Float]) -> [UInt16] {
        if let lut = DICOMLookupTable(dataSet.sequence(.voiLUTSequence).first) {
            let scale = 65_535 / Float(max(lut.outputMaximum, 1))
            return values.map { Self.level(lut.map($0) * scale) }
        }
        let centers = dataSet.decimals(.windowCenter), widths = dataSet.decimals(.windowWidth)
        if let center = centers.first, let width = widths.first, width >= 1 {
            // PS3.3 §C.11.2.1.2.1, the linear function.
            let low = Float(center - 0.5 - (width - 1) / 2), span = Float(width - 1)
            let c = Float(center - 0.5)
            return values.map { value in
                if value <= low { return 0 }
                if value > low + span { return 65_535 }
                let scaled = span > 0 ? ((value - c) / span + 0.5) * 65_535 : 65_535
                return Self.level(scaled)
            }
        }
        let finite = values.lazy.filter(\.isFinite)
        guard let minimum = finite.min(), let maximum = finite.max(), maximum > minimum else {
            return [UInt16](repeating: 0, count: values.count)
        }
        let scale = 65_535 / (maximum - minimum)
        return values.map { Self.level(($0 - minimum) * scale) }
    }

    /// A grey level from a float, whatever the float (NaN and infinities included: a DS value in a
    /// file can be anything).
    static func level(_ value: Float) -> UInt16 {
        guard value > 0 else { return 0 }
        return value >= 65_535 ? 65_535 : UInt16(value.rounded())
    }
}
