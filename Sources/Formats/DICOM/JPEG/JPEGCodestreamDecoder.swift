/// Decodes the JPEG processes that Debian's libjpeg-turbo (2.1.5) cannot, as DICOM encapsulates
/// them: lossless process 14 (SOF3; transfer syntaxes .57 and .70) at 2–16 bits, and sequential
/// DCT (SOF1, SOF0) at 12 bits (.51) — 8-bit DCT works too, as a fallback. Pure Swift, so a damaged
/// codestream is a `DecodeError`, never a crash: every read is bounds-checked, and data that ends
/// mid-scan is an error rather than grey padding.
///
/// The result keeps the codestream's components as coded (no colour conversion) and each sample's
/// bit pattern in the low `precision` bits; DICOM meaning (sign, photometric) is the caller's.
public enum JPEGCodestreamDecoder {
    static let name = "dicom-jpeg"

    /// Decodes one frame's codestream (SOI … EOI, fragments already joined).
    public static func decode(_ bytes: some Collection<UInt8>, limits: ImageLimits = ImageLimits()) throws(DecodeError) -> PixelSamples {
        let storage = Array(bytes)
        return try storage.withUnsafeBufferPointer { (buffer) throws(DecodeError) -> PixelSamples in
            try decode(buffer: buffer, limits: limits)
        }
    }

    static func corrupt(_ message: String) -> DecodeError {
        DecodeError(.corruptImage, decoder: name, message)
    }

    private static func decode(buffer: UnsafeBufferPointer<UInt8>, limits: ImageLimits) throws(DecodeError) -> PixelSamples {
        var segments = JPEGSegmentReader(bytes: buffer)
        try segments.readStartOfImage()
        var tables = JPEGTables()
        var lossless: JPEGLosslessDecoder?
        var sequential: JPEGSequentialDCTDecoder?

        markers: while let marker = segments.nextMarker() {
            switch marker {
            case JPEGMarker.endOfImage:
                break markers
            case JPEGMarker.defineHuffmanTables:
                try tables.readHuffman(segments.readSegment(marker))
            case JPEGMarker.defineQuantizationTables:
                try tables.readQuantization(segments.readSegment(marker))
            case JPEGMarker.defineRestartInterval:
                try tables.readRestartInterval(segments.readSegment(marker))
            case JPEGMarker.defineArithmeticConditioning:
                throw DecodeError(.unsupportedImage, decoder: name, "arithmetic-coded JPEG is not supported")
            case JPEGMarker.defineHierarchicalProgression, JPEGMarker.expandReference:
                throw DecodeError(.unsupportedImage, decoder: name, "hierarchical JPEG is not supported")
            case _ where JPEGMarker.isStartOfFrame(marker):
                guard lossless == nil && sequential == nil else { throw corrupt("a second frame header") }
                let frame = try JPEGFrameHeader(marker: marker, payload: segments.readSegment(marker))
                try limits.check(width: frame.width, height: frame.height, decoder: name)
                if frame.isLossless { lossless = JPEGLosslessDecoder(frame: frame) } else { sequential = JPEGSequentialDCTDecoder(frame: frame) }
            case JPEGMarker.startOfScan:
                let payload = try segments.readSegment(marker)
                if var decoder = lossless {
                    // Moved out while it decodes so its planes are not copied on write.
                    lossless = nil
                    let scan = try JPEGScanHeader(payload: payload, frame: decoder.frame)
                    segments.position = try decoder.decodeScan(scan, tables: tables, bytes: buffer, position: segments.position)
                    lossless = decoder
                } else if var decoder = sequential {
                    sequential = nil
                    let scan = try JPEGScanHeader(payload: payload, frame: decoder.frame)
                    segments.position = try decoder.decodeScan(scan, tables: tables, bytes: buffer, position: segments.position)
                    sequential = decoder
                } else {
                    throw corrupt("a scan before the frame header")
                }
            case JPEGMarker.startOfImage:
                throw corrupt("a second SOI marker inside the codestream")
            case _ where JPEGMarker.isRestart(marker) || marker == JPEGMarker.temporary:
                continue  // no length field; a stray RSTn between scans carries nothing
            default:
                _ = try segments.readSegment(marker)  // APPn, COM, DNL and anything else: skipped
            }
        }

        // A missing EOI is tolerated (libjpeg does too) as long as every component was decoded.
        if let decoder = lossless {
            guard decoder.isComplete else { throw corrupt("the codestream ends before every component has been scanned") }
            return decoder.samples()
        }
        if let decoder = sequential {
            guard decoder.isComplete else { throw corrupt("the codestream ends before every component has been scanned") }
            return decoder.samples()
        }
        throw corrupt("the codestream has no frame header")
    }
}
