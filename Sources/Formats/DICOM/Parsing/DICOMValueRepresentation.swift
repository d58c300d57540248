/// A value representation (PS3.5 §6.2): how an element's bytes are to be read.
public struct DICOMValueRepresentation: Hashable, Sendable, CustomStringConvertible {
    /// The two ASCII letters (`US`, `OB`, `SQ`, …).
    public let code: String

    init(_ code: String) { self.code = code }

    /// The VR of explicit-VR encodings: two upper-case ASCII letters, or nil for anything else.
    init?(bytes first: UInt8, _ second: UInt8) {
        guard (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return nil }
        code = String(decoding: [first, second], as: UTF8.self)
    }

    public var description: String { code }

    /// VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).
    var hasLongLength: Bool { Self.longLength.contains(code) }

    private static let longLength: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]

    public static let sequence = DICOMValueRepresentation("SQ")
    public static let unknown = DICOMValueRepresentation("UN")
    public static let otherByte = DICOMValueRepresentation("OB")
    public static let otherWord = DICOMValueRepresentation("OW")
    /// What an implicit-VR element is read as when m3clip has no entry for it.
    static let implicit = DICOMValueRepresentation("UN")

    /// The VRs implicit-VR files leave out, for the few tags m3clip reads whose VR matters to the
    /// parser: sequences must be known to be walked when their length is defined.
    static func implicitVR(of tag: DICOMTag) -> DICOMValueRepresentation {
        if implicitSequences.contains(tag) { return .sequence }
        if tag == .pixelData { return .otherWord }
        return .implicit
    }

    private static let implicitSequences: Set<DICOMTag> = [
        .modalityLUTSequence, .voiLUTSequence, .contentSequence, .conceptNameCodeSequence, .conceptCodeSequence,
    ]
}
