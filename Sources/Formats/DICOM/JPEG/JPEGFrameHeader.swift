/// A frame header (SOF0, SOF1 or SOF3; T.81 B.2.2): sample precision, size and the components
/// with their sampling factors. Only the processes this decoder implements get past `init`, and
/// only with values it can honour, so the scan decoders never meet a frame they cannot handle.
struct JPEGFrameHeader {
    struct Component {
        let identifier: UInt8
        let horizontal: Int
        let vertical: Int
        let quantizationTable: Int
    }

    static let baseline: UInt8 = 0xC0
    static let extended: UInt8 = 0xC1
    static let lossless: UInt8 = 0xC3

    let marker: UInt8
    let precision: Int
    let width: Int
    let height: Int
    let components: [Component]
    let maxHorizontal: Int
    let maxVertical: Int

    var isLossless: Bool { marker == Self.lossless }

    init(marker: UInt8, payload: UnsafeBufferPointer<UInt8>) throws(DecodeError) {
        guard marker == Self.baseline || marker == Self.extended || marker == Self.lossless else {
            throw DecodeError(.unsupportedImage, decoder: JPEGCodestreamDecoder.name,
                              "JPEG \(JPEGMarker.processName(marker)) is not supported")
        }
        guard payload.count >= 6 else { throw JPEGCodestreamDecoder.corrupt("the frame header is \(payload.count) bytes long") }
        self.marker = marker
        precision = Int(payload[0])
        height = JPEGSegmentReader.uint16(payload, at: 1)
        width = JPEGSegmentReader.uint16(payload, at: 3)
        let count = Int(payload[5])
        guard count >= 1, count <= 4 else {
            throw DecodeError(.unsupportedImage, decoder: JPEGCodestreamDecoder.name, "a JPEG frame with \(count) components")
        }
        guard payload.count >= 6 + 3 * count else {
            throw JPEGCodestreamDecoder.corrupt("the frame header lists \(count) components in \(payload.count) bytes")
        }
        var components: [Component] = []
        for index in 0..<count {
            let base = 6 + 3 * index
            let component = Component(identifier: payload[base], horizontal: Int(payload[base + 1] >> 4),
                                      vertical: Int(payload[base + 1] & 0x0F), quantizationTable: Int(payload[base + 2]))
            guard (1...4).contains(component.horizontal), (1...4).contains(component.vertical), component.quantizationTable <= 3 else {
                throw JPEGCodestreamDecoder.corrupt("frame component \(component.identifier) has sampling \(component.horizontal)×\(component.vertical), table \(component.quantizationTable)")
            }
            guard !components.contains(where: { $0.identifier == component.identifier }) else {
                throw JPEGCodestreamDecoder.corrupt("the frame lists component \(component.identifier) twice")
            }
            components.append(component)
        }
        self.components = components
        maxHorizontal = components.map(\.horizontal).max() ?? 1
        maxVertical = components.map(\.vertical).max() ?? 1

        let supported = marker == Self.lossless ? (2...16).contains(precision) : precision == 8 || precision == 12
        guard supported else {
            throw DecodeError(.unsupportedImage, decoder: JPEGCodestreamDecoder.name,
                              "JPEG \(JPEGMarker.processName(marker)) at \(precision)-bit precision")
        }
        guard height > 0 else {
            // T.81 lets the height come later in a DNL segment; DICOM encoders do not do this.
            throw DecodeError(.unsupportedImage, decoder: JPEGCodestreamDecoder.name, "the frame height is deferred to a DNL marker")
        }
        guard width > 0 else { throw JPEGCodestreamDecoder.corrupt("the frame header declares a width of 0") }
    }

    /// Samples per line of a component: the image width scaled by its share of the sampling.
    func width(of component: Component) -> Int {
        (width * component.horizontal + maxHorizontal - 1) / maxHorizontal
    }

    func height(of component: Component) -> Int {
        (height * component.vertical + maxVertical - 1) / maxVertical
    }
}
