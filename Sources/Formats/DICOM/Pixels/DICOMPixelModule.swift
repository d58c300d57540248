/// The Image Pixel module attributes (PS3.3 §C.7.6.3) that say how to read Pixel Data, checked
/// for sense before any pixel buffer is allocated.
public struct DICOMPixelModule: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var highBit: Int
    /// Two's complement samples (Pixel Representation 1).
    public var isSigned: Bool
    public var photometric: String
    /// Colour planes stored one after another (Planar Configuration 1) rather than interleaved.
    public var isPlanar: Bool
    public var frames: Int

    public init(_ dataSet: DICOMDataSet, limits: ImageLimits) throws(DecodeError) {
        func required(_ tag: DICOMTag, _ name: String) throws(DecodeError) -> Int {
            guard let value = dataSet.uint16(tag) else {
                throw DecodeError(.malformedDICOM, decoder: DICOMFile.decoderName, "the image has no \(name) \(tag)")
            }
            return value
        }
        rows = try required(.rows, "Rows")
        columns = try required(.columns, "Columns")
        bitsAllocated = try required(.bitsAllocated, "Bits Allocated")
        samplesPerPixel = dataSet.uint16(.samplesPerPixel) ?? 1
        bitsStored = dataSet.uint16(.bitsStored) ?? bitsAllocated
        highBit = dataSet.uint16(.highBit) ?? bitsStored - 1
        isSigned = dataSet.uint16(.pixelRepresentation) == 1
        photometric = dataSet.string(.photometricInterpretation)?.uppercased() ?? (samplesPerPixel == 1 ? "MONOCHROME2" : "RGB")
        isPlanar = dataSet.uint16(.planarConfiguration) == 1
        frames = dataSet.integer(.numberOfFrames) ?? 1

        try limits.check(width: columns, height: rows, decoder: DICOMFile.decoderName)
        func unsupported(_ message: String) -> DecodeError {
            DecodeError(.unsupportedImage, decoder: DICOMFile.decoderName, message)
        }
        guard [8, 16].contains(bitsAllocated) else {
            throw unsupported("Bits Allocated \(bitsAllocated) (only 8- and 16-bit pixel data is read)")
        }
        guard (1...bitsAllocated).contains(bitsStored), highBit >= bitsStored - 1, highBit < bitsAllocated else {
            throw DecodeError(.malformedDICOM, decoder: DICOMFile.decoderName,
                              "Bits Stored \(bitsStored) / High Bit \(highBit) do not fit Bits Allocated \(bitsAllocated)")
        }
        guard samplesPerPixel == 1 || samplesPerPixel == 3 else {
            throw unsupported("\(samplesPerPixel) samples per pixel (1 or 3 are read)")
        }
        guard frames >= 1 else {
            throw DecodeError(.malformedDICOM, decoder: DICOMFile.decoderName, "Number of Frames is \(frames)")
        }
        guard photometric.hasPrefix("MONOCHROME") || photometric == "RGB" || photometric.hasPrefix("YBR") else {
            throw unsupported("photometric interpretation \(photometric) (MONOCHROME1/2, RGB and YBR are read)")
        }
        guard photometric.hasPrefix("MONOCHROME") == (samplesPerPixel == 1) else {
            throw DecodeError(.malformedDICOM, decoder: DICOMFile.decoderName,
                              "\(photometric) with \(samplesPerPixel) samples per pixel")
        }
    }

    /// Samples in one frame.
    public var samplesPerFrame: Int { rows * columns * samplesPerPixel }

    /// Bytes of one native (uncompressed) frame.
    public var bytesPerFrame: Int { samplesPerFrame * bitsAllocated / 8 }
}
