/// A scan header (SOS; T.81 B.2.3): which frame components the scan codes, with which tables, and
/// the spectral-selection and approximation fields, which the lossless process reuses for its
/// predictor (Ss) and point transform (Al).
struct JPEGScanHeader {
    struct Component {
        /// Index into the frame's component list.
        let frameIndex: Int
        let dcTable: Int
        let acTable: Int
    }

    let components: [Component]
    let spectralStart: Int
    let spectralEnd: Int
    let approximationHigh: Int
    let approximationLow: Int

    /// The lossless predictor, 1…7 (T.81 Table H.1).
    var predictor: Int { spectralStart }
    /// The lossless point transform: samples were shifted right by this much before coding.
    var pointTransform: Int { approximationLow }

    init(payload: UnsafeBufferPointer<UInt8>, frame: JPEGFrameHeader) throws(DecodeError) {
        guard payload.count >= 1 else { throw JPEGCodestreamDecoder.corrupt("an empty scan header") }
        let count = Int(payload[0])
        guard count >= 1, count <= 4 else { throw JPEGCodestreamDecoder.corrupt("a scan with \(count) components") }
        guard payload.count >= 4 + 2 * count else {
            throw JPEGCodestreamDecoder.corrupt("the scan header lists \(count) components in \(payload.count) bytes")
        }
        var components: [Component] = []
        for index in 0..<count {
            let identifier = payload[1 + 2 * index], tables = payload[2 + 2 * index]
            guard let frameIndex = frame.components.firstIndex(where: { $0.identifier == identifier }) else {
                throw JPEGCodestreamDecoder.corrupt("the scan codes component \(identifier), which the frame does not have")
            }
            guard !components.contains(where: { $0.frameIndex == frameIndex }) else {
                throw JPEGCodestreamDecoder.corrupt("the scan lists component \(identifier) twice")
            }
            let component = Component(frameIndex: frameIndex, dcTable: Int(tables >> 4), acTable: Int(tables & 0x0F))
            guard component.dcTable <= 3, component.acTable <= 3 else {
                throw JPEGCodestreamDecoder.corrupt("scan component \(identifier) selects Huffman tables \(component.dcTable)/\(component.acTable)")
            }
            components.append(component)
        }
        self.components = components
        let base = 1 + 2 * count
        spectralStart = Int(payload[base])
        spectralEnd = Int(payload[base + 1])
        approximationHigh = Int(payload[base + 2] >> 4)
        approximationLow = Int(payload[base + 2] & 0x0F)

        if count > 1 {
            // T.81 B.2.3: an interleaved MCU holds at most 10 data units.
            let units = components.reduce(0) { $0 + frame.components[$1.frameIndex].horizontal * frame.components[$1.frameIndex].vertical }
            guard units <= 10 else { throw JPEGCodestreamDecoder.corrupt("an interleaved MCU of \(units) data units (at most 10)") }
        }
        if frame.isLossless {
            guard predictor != 0 else {
                throw DecodeError(.unsupportedImage, decoder: JPEGCodestreamDecoder.name,
                                  "lossless predictor 0 belongs to the hierarchical process")
            }
            guard predictor <= 7, approximationHigh == 0, pointTransform < frame.precision else {
                throw JPEGCodestreamDecoder.corrupt("a lossless scan with predictor \(predictor), point transform \(pointTransform)")
            }
        } else {
            guard spectralStart == 0, spectralEnd == 63, approximationHigh == 0, approximationLow == 0 else {
                throw JPEGCodestreamDecoder.corrupt("a sequential DCT scan with spectral selection \(spectralStart)…\(spectralEnd), approximation \(approximationHigh)/\(approximationLow)")
            }
        }
    }
}
