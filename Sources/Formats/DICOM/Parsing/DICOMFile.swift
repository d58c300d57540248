public import Foundation

/// A DICOM Part 10 file (PS3.10 §7): the 128-byte preamble, `DICM`, the file meta information
/// (group 0002, always explicit VR little endian) and the data set in its transfer syntax.
public struct DICOMFile: Sendable {
    static let decoderName = "dicom"
    /// The inflated data set of a deflated file may be at most this many times its compressed size
    /// (a deflate bomb is refused before it fills memory), and never more than `maxInflatedBytes`.
    static let maxInflationRatio = 200

    public let meta: DICOMDataSet
    public let dataSet: DICOMDataSet
    public let transferSyntax: DICOMTransferSyntax

    /// Whether the bytes start as a Part 10 file does (`DICM` after the preamble).
    public static func hasSignature(_ data: Data) -> Bool {
        data.count >= 132 && data[data.startIndex + 128 ..< data.startIndex + 132].elementsEqual([0x44, 0x49, 0x43, 0x4D])
    }

    public init(parsing data: Data, maxInflatedBytes: Int = 1 << 30) throws(DecodeError) {
        guard Self.hasSignature(data) else {
            throw DecodeError(.notAnImage, decoder: Self.decoderName,
                              "not a DICOM Part 10 file: no \"DICM\" after a 128-byte preamble")
        }
        let bytes = [UInt8](data)
        let metaParser = DICOMParser(bytes: bytes, isExplicitVR: true, isBigEndian: false)
        let (meta, metaEnd) = try metaParser.parseDataSet(from: 132, to: bytes.count, stopBefore: 0x0002)
        guard meta.contains(.transferSyntaxUID) else {
            throw DecodeError(.malformedDICOM, decoder: Self.decoderName,
                              "the file meta information has no Transfer Syntax UID \(DICOMTag.transferSyntaxUID)")
        }
        guard let uid = meta.string(.transferSyntaxUID) else {
            throw DecodeError(.malformedDICOM, decoder: Self.decoderName,
                              "the Transfer Syntax UID \(DICOMTag.transferSyntaxUID) is empty")
        }
        let syntax = DICOMTransferSyntax(uid: uid)
        var body = bytes
        var bodyStart = metaEnd
        if syntax.isDeflated {
            let compressed = bytes[metaEnd...]
            let limit = min(maxInflatedBytes, max(compressed.count, 1) * Self.maxInflationRatio)
            body = try RawInflater.inflate(compressed, maxBytes: limit, decoder: Self.decoderName)
            bodyStart = 0
        }
        let parser = DICOMParser(bytes: body, isExplicitVR: syntax.isExplicitVR, isBigEndian: syntax.isBigEndian)
        self.meta = meta
        self.dataSet = try parser.parseDataSet(from: bodyStart, to: body.count).dataSet
        self.transferSyntax = syntax
    }

    /// The SOP Class UID, from the data set or else the file meta.
    public var sopClassUID: String? {
        dataSet.string(.sopClassUID) ?? meta.string(.mediaStorageSOPClassUID)
    }

    /// Whether the object is a Structured Report (Basic Text, Enhanced, Comprehensive, …): SOP
    /// classes 1.2.840.10008.5.1.4.1.1.88.*, or modality SR with a content tree.
    public var isStructuredReport: Bool {
        if sopClassUID?.hasPrefix("1.2.840.10008.5.1.4.1.1.88.") == true { return true }
        return dataSet.string(.modality) == "SR" && dataSet.contains(.contentSequence)
    }

    public var hasPixelData: Bool { dataSet.contains(.pixelData) }
}
