public import Foundation

/// A DICOM image → the grey radiograph the encoders see: frame 1 of its Pixel Data, whatever the
/// transfer syntax, through the greyscale pipeline (`DICOMGreyscalePipeline`). The file itself,
/// with its raw pixels, is what the blob store keeps.
public struct DICOMImageDecoder: Sendable {
    public static let name = DICOMFile.decoderName
    public var limits: ImageLimits
    /// Threads the JPEG 2000 codec may use (1: ingest already decodes several files at once).
    public var threads: Int

    public init(limits: ImageLimits = ImageLimits(), threads: Int = 1) {
        self.limits = limits
        self.threads = threads
    }

    public static func hasSignature(_ data: Data) -> Bool { DICOMFile.hasSignature(data) }

    public func decode(_ data: Data) throws(DecodeError) -> DecodedImage {
        try decode(DICOMFile(parsing: data))
    }

    public func decode(_ file: DICOMFile) throws(DecodeError) -> DecodedImage {
        let (samples, module) = try frameSamples(file)
        let colour: DICOMGreyscalePipeline.ColourModel =
            module.photometric.hasPrefix("YBR") && file.transferSyntax.compression != .jpeg
                && file.transferSyntax.compression != .jpeg2000 ? .ybr : .rgb
        return DICOMGreyscalePipeline(module: module, dataSet: file.dataSet).grey(samples, colour: colour)
    }

    /// Frame 1's stored samples, as the codec returns them (YCbCr JPEG converted to RGB), with the
    /// pixel module that describes them: what the conformance tests compare between twins.
    public func frameSamples(_ file: DICOMFile) throws(DecodeError) -> (PixelSamples, DICOMPixelModule) {
        let dataSet = file.dataSet
        guard let element = dataSet[.pixelData] else {
            throw DecodeError(.notAnImage, decoder: Self.name, "the object (SOP class \(file.sopClassUID ?? "unknown")) has no Pixel Data")
        }
        let module = try DICOMPixelModule(dataSet, limits: limits)
        let syntax = file.transferSyntax
        guard syntax.isKnown else {
            throw DecodeError(.unsupportedImage, decoder: Self.name, "transfer syntax \(syntax.uid) is not supported")
        }
        let samples: PixelSamples
        switch (element.value, syntax.compression) {
        case (.bytes(let range), nil):
            guard module.frames <= Int.max / max(module.bytesPerFrame, 1) else {
                throw DecodeError(.imageTooLarge, decoder: Self.name, "\(module.frames) frames")
            }
            samples = try NativePixelCodec.decode(dataSet.bytes[range], module: module, bigEndian: syntax.isBigEndian)
        case (.fragments(let offsetTable, let fragments), let compression?):
            let frame = try EncapsulatedFrame.first(offsetTable: offsetTable, fragments: fragments, dataSet: dataSet,
                                                    frames: module.frames, compression: compression)
            samples = try decode(frame, compression: compression, module: module)
        case (.bytes, _?):
            throw DecodeError(.malformedDICOM, decoder: Self.name, "\(syntax) needs encapsulated Pixel Data; the file has native")
        case (.fragments, nil):
            throw DecodeError(.malformedDICOM, decoder: Self.name, "\(syntax) needs native Pixel Data; the file has encapsulated")
        case (.sequence, _):
            throw DecodeError(.malformedDICOM, decoder: Self.name, "Pixel Data is encoded as a sequence")
        }
        guard samples.width == module.columns, samples.height == module.rows, samples.components == module.samplesPerPixel else {
            throw DecodeError(.corruptImage, decoder: Self.name,
                              "the codestream is \(samples.width)×\(samples.height)×\(samples.components); the data set says \(module.columns)×\(module.rows)×\(module.samplesPerPixel)")
        }
        return (samples, module)
    }

    private func decode(_ frame: [UInt8], compression: DICOMTransferSyntax.Compression, module: DICOMPixelModule) throws(DecodeError) -> PixelSamples {
        switch compression {
        case .rle: return try RLECodec.decode(frame, module: module)
        case .jpegLossless: return try JPEGCodestreamDecoder.decode(frame, limits: limits)
        case .jpeg:
            // libjpeg-turbo in Debian decodes 8-bit DCT only; 12-bit (and anything it refuses) is ours.
            // Photometric RGB means the JPEG's components are RGB as they are; libjpeg would take three
            // components without a JFIF/Adobe marker for YCbCr, so only YBR files are converted.
            if module.bitsStored <= 8 {
                return try JPEGBaselineCodec.decode(frame, limits: limits, convertToRGB: module.photometric.hasPrefix("YBR"))
            }
            return try JPEGCodestreamDecoder.decode(frame, limits: limits)
        case .jpegLS: return try JPEGLSCodec.decode(frame, limits: limits)
        case .jpeg2000: return try JPEG2000Codec.decode(frame, limits: limits, threads: threads)
        }
    }
}
