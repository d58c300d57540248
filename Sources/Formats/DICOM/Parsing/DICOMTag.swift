/// A data element tag: (group, element), written `(0028,0010)` as the standard does.
public struct DICOMTag: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    public static func < (lhs: DICOMTag, rhs: DICOMTag) -> Bool {
        (lhs.group, lhs.element) < (rhs.group, rhs.element)
    }

    public var description: String {
        "(\(Self.hex(group)),\(Self.hex(element)))"
    }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// The tags m3clip reads. Patient-identifying tags are deliberately absent: nothing here copies a
/// name, birth date or patient id into the store (de-identification covers report text).
extension DICOMTag {
    // File meta (group 0002).
    public static let mediaStorageSOPClassUID = DICOMTag(0x0002, 0x0002)
    public static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)

    // Study, series, equipment.
    public static let specificCharacterSet = DICOMTag(0x0008, 0x0005)
    public static let sopClassUID = DICOMTag(0x0008, 0x0016)
    public static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    public static let studyDate = DICOMTag(0x0008, 0x0020)
    public static let accessionNumber = DICOMTag(0x0008, 0x0050)
    public static let modality = DICOMTag(0x0008, 0x0060)
    public static let manufacturer = DICOMTag(0x0008, 0x0070)
    public static let codeValue = DICOMTag(0x0008, 0x0100)
    public static let codingSchemeDesignator = DICOMTag(0x0008, 0x0102)
    public static let codeMeaning = DICOMTag(0x0008, 0x0104)
    public static let bodyPartExamined = DICOMTag(0x0018, 0x0015)
    public static let viewPosition = DICOMTag(0x0018, 0x5101)
    public static let studyInstanceUID = DICOMTag(0x0020, 0x000D)

    // Image pixel module and the grey pipeline.
    public static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    public static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    public static let planarConfiguration = DICOMTag(0x0028, 0x0006)
    public static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    public static let rows = DICOMTag(0x0028, 0x0010)
    public static let columns = DICOMTag(0x0028, 0x0011)
    public static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    public static let bitsStored = DICOMTag(0x0028, 0x0101)
    public static let highBit = DICOMTag(0x0028, 0x0102)
    public static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    public static let windowCenter = DICOMTag(0x0028, 0x1050)
    public static let windowWidth = DICOMTag(0x0028, 0x1051)
    public static let rescaleIntercept = DICOMTag(0x0028, 0x1052)
    public static let rescaleSlope = DICOMTag(0x0028, 0x1053)
    public static let lutDescriptor = DICOMTag(0x0028, 0x3002)
    public static let lutData = DICOMTag(0x0028, 0x3006)
    public static let modalityLUTSequence = DICOMTag(0x0028, 0x3000)
    public static let voiLUTSequence = DICOMTag(0x0028, 0x3010)
    public static let presentationLUTShape = DICOMTag(0x2050, 0x0020)

    // Structured reports.
    public static let relationshipType = DICOMTag(0x0040, 0xA010)
    public static let valueType = DICOMTag(0x0040, 0xA040)
    public static let conceptNameCodeSequence = DICOMTag(0x0040, 0xA043)
    public static let conceptCodeSequence = DICOMTag(0x0040, 0xA168)
    public static let textValue = DICOMTag(0x0040, 0xA160)
    public static let contentSequence = DICOMTag(0x0040, 0xA730)

    // Pixel data and its offset tables.
    public static let extendedOffsetTable = DICOMTag(0x7FE0, 0x0001)
    public static let extendedOffsetTableLengths = DICOMTag(0x7FE0, 0x0002)
    public static let pixelData = DICOMTag(0x7FE0, 0x0010)

    // Items and delimiters (always encoded as tag + 32-bit length, whatever the transfer syntax).
    static let item = DICOMTag(0xFFFE, 0xE000)
    static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)
}
