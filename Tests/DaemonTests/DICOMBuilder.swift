import Foundation

/// Writes small DICOM Part 10 files (explicit VR little endian) for tests: a CR image or a
/// structured report with the study keys a test chooses. Elements are written in the order added.
struct DICOMBuilder {
    private(set) var body: [UInt8] = []

    mutating func add(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) {
        var value = value
        if value.count % 2 == 1 { value.append(vr == "UI" || vr == "OB" ? 0 : 0x20) }
        body += Self.header(group, element, vr, length: value.count) + value
    }

    mutating func add(_ group: UInt16, _ element: UInt16, _ vr: String, _ text: String) {
        add(group, element, vr, Array(text.utf8))
    }

    mutating func add(_ group: UInt16, _ element: UInt16, us value: UInt16) {
        add(group, element, "US", [UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    /// A sequence of undefined length whose items have undefined length.
    mutating func addSequence(_ group: UInt16, _ element: UInt16, _ items: [DICOMBuilder]) {
        body += Self.le16(group) + Self.le16(element) + Array("SQ".utf8) + [0, 0] + [0xFF, 0xFF, 0xFF, 0xFF]
        for item in items {
            body += Self.le16(0xFFFE) + Self.le16(0xE000) + [0xFF, 0xFF, 0xFF, 0xFF] + item.body
            body += Self.le16(0xFFFE) + Self.le16(0xE00D) + [0, 0, 0, 0]
        }
        body += Self.le16(0xFFFE) + Self.le16(0xE0DD) + [0, 0, 0, 0]
    }

    func file(sopClass: String, transferSyntax: String = "1.2.840.10008.1.2.1") -> Data {
        var meta = DICOMBuilder()
        meta.add(0x0002, 0x0001, "OB", [0, 1])
        meta.add(0x0002, 0x0002, "UI", sopClass)
        meta.add(0x0002, 0x0003, "UI", "1.2.826.0.1.3680043.10.1.\(abs(body.count))")
        meta.add(0x0002, 0x0010, "UI", transferSyntax)
        var groupLength = DICOMBuilder()
        groupLength.add(0x0002, 0x0000, "UL", Self.le32(UInt32(meta.body.count)))
        return Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + groupLength.body + meta.body + body)
    }

    /// A chest CR: 16-bit MONOCHROME1 pixels, windowed, with the study keys and acquisition tags.
    static func chestCR(studyUID: String, accession: String = "ACC-7", side: Int = 32) -> Data {
        var set = DICOMBuilder()
        set.add(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.1")
        set.add(0x0008, 0x0020, "DA", "20240312")
        set.add(0x0008, 0x0050, "SH", accession)
        set.add(0x0008, 0x0060, "CS", "CR")
        set.add(0x0008, 0x0070, "LO", "Philips")
        set.add(0x0010, 0x0010, "PN", "Doe^Jane")
        set.add(0x0010, 0x0020, "LO", "MRN-123456")
        set.add(0x0018, 0x0015, "CS", "CHEST")
        set.add(0x0018, 0x5101, "CS", "PA")
        set.add(0x0020, 0x000D, "UI", studyUID)
        set.add(0x0028, 0x0002, us: 1)
        set.add(0x0028, 0x0004, "CS", "MONOCHROME1")
        set.add(0x0028, 0x0010, us: UInt16(side))
        set.add(0x0028, 0x0011, us: UInt16(side))
        set.add(0x0028, 0x0100, us: 16)
        set.add(0x0028, 0x0101, us: 12)
        set.add(0x0028, 0x0102, us: 11)
        set.add(0x0028, 0x0103, us: 0)
        set.add(0x0028, 0x1050, "DS", "2048")
        set.add(0x0028, 0x1051, "DS", "4096")
        let pixels = (0..<(side * side)).flatMap { index -> [UInt8] in
            let value = UInt16(index * 37 % 4096)
            return [UInt8(value & 0xFF), UInt8(value >> 8)]
        }
        set.add(0x7FE0, 0x0010, "OW", pixels)
        return set.file(sopClass: "1.2.840.10008.5.1.4.1.1.1")
    }

    /// A Basic Text SR with Findings and Impression containers holding TEXT items.
    static func basicTextSR(studyUID: String, findings: String, impression: String) -> Data {
        func concept(_ code: String, _ scheme: String, _ meaning: String) -> DICOMBuilder {
            var item = DICOMBuilder()
            item.add(0x0008, 0x0100, "SH", code)
            item.add(0x0008, 0x0102, "SH", scheme)
            item.add(0x0008, 0x0104, "LO", meaning)
            return item
        }
        func text(_ value: String, _ code: String, _ meaning: String) -> DICOMBuilder {
            var item = DICOMBuilder()
            item.add(0x0040, 0xA010, "CS", "CONTAINS")
            item.add(0x0040, 0xA040, "CS", "TEXT")
            item.addSequence(0x0040, 0xA043, [concept(code, "DCM", meaning)])
            item.add(0x0040, 0xA160, "UT", value)
            return item
        }
        func container(_ code: String, _ meaning: String, _ children: [DICOMBuilder]) -> DICOMBuilder {
            var item = DICOMBuilder()
            item.add(0x0040, 0xA010, "CS", "CONTAINS")
            item.add(0x0040, 0xA040, "CS", "CONTAINER")
            item.addSequence(0x0040, 0xA043, [concept(code, "DCM", meaning)])
            item.addSequence(0x0040, 0xA730, children)
            return item
        }
        var language = DICOMBuilder()
        language.add(0x0040, 0xA010, "CS", "HAS CONCEPT MOD")
        language.add(0x0040, 0xA040, "CS", "CODE")
        language.addSequence(0x0040, 0xA043, [concept("121049", "DCM", "Language of Content Item and Descendants")])
        language.addSequence(0x0040, 0xA168, [concept("en", "RFC5646", "English")])
        var set = DICOMBuilder()
        set.add(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.88.11")
        set.add(0x0008, 0x0060, "CS", "SR")
        set.add(0x0010, 0x0010, "PN", "Doe^John")
        set.add(0x0020, 0x000D, "UI", studyUID)
        set.add(0x0040, 0xA040, "CS", "CONTAINER")
        set.addSequence(0x0040, 0xA043, [concept("18748-4", "LN", "Diagnostic Imaging Report")])
        set.addSequence(0x0040, 0xA730, [language, container("121070", "Findings", [text(findings, "121071", "Finding")]),
                                         container("121072", "Impressions", [text(impression, "121073", "Impression")])])
        return set.file(sopClass: "1.2.840.10008.5.1.4.1.1.88.11")
    }

    private static func header(_ group: UInt16, _ element: UInt16, _ vr: String, length: Int) -> [UInt8] {
        let long: Set<String> = ["OB", "OD", "OF", "OL", "OW", "SQ", "UC", "UN", "UR", "UT"]
        if long.contains(vr) { return le16(group) + le16(element) + Array(vr.utf8) + [0, 0] + le32(UInt32(length)) }
        return le16(group) + le16(element) + Array(vr.utf8) + le16(UInt16(length))
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
