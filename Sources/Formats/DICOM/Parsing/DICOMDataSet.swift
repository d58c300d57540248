import Foundation

/// A parsed data set (or sequence item): its elements by tag, over a shared byte buffer.
///
/// Accessors never trap on odd content: a value that is absent, too short or not a number reads
/// as nil (or empty), and the caller decides whether that is an error.
public struct DICOMDataSet: Sendable {
    public let bytes: [UInt8]
    public let isBigEndian: Bool
    /// From Specific Character Set (0008,0005) of this data set or the one that contains it.
    let isUTF8: Bool
    public let elements: [DICOMTag: DICOMElement]

    init(bytes: [UInt8], isBigEndian: Bool, isUTF8: Bool, elements: [DICOMTag: DICOMElement]) {
        self.bytes = bytes
        self.isBigEndian = isBigEndian
        self.isUTF8 = isUTF8
        self.elements = elements
    }

    public subscript(tag: DICOMTag) -> DICOMElement? { elements[tag] }

    public func contains(_ tag: DICOMTag) -> Bool { elements[tag] != nil }

    /// The element's bytes, if it holds bytes.
    public func rawBytes(_ tag: DICOMTag) -> ArraySlice<UInt8>? {
        guard case .bytes(let range)? = elements[tag]?.value else { return nil }
        return bytes[range]
    }

    /// A text element's values (split at `\`), with the padding spaces and NULs trimmed.
    public func strings(_ tag: DICOMTag) -> [String] {
        guard let raw = rawBytes(tag), !raw.isEmpty else { return [] }
        return DICOMText.decode(raw, utf8: isUTF8).split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: DICOMText.padding) }
    }

    /// A text element's first value, nil when absent or blank.
    public func string(_ tag: DICOMTag) -> String? {
        strings(tag).first.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A whole text element (UT/LT/ST values keep their backslashes and line breaks).
    public func text(_ tag: DICOMTag) -> String? {
        guard let raw = rawBytes(tag), !raw.isEmpty else { return nil }
        let text = DICOMText.decode(raw, utf8: isUTF8).trimmingCharacters(in: DICOMText.padding)
        return text.isEmpty ? nil : text
    }

    /// A US element's first value (the binary 16-bit form, in the data set's byte order).
    public func uint16(_ tag: DICOMTag) -> Int? { uint16s(tag).first.map(Int.init) }

    /// A US/OW element's values.
    public func uint16s(_ tag: DICOMTag) -> [UInt16] {
        guard let raw = rawBytes(tag) else { return [] }
        var values: [UInt16] = []
        values.reserveCapacity(raw.count / 2)
        var index = raw.startIndex
        while index + 1 < raw.endIndex {
            let first = UInt16(raw[index]), second = UInt16(raw[index + 1])
            values.append(isBigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return values
    }

    /// An IS element's first value.
    public func integer(_ tag: DICOMTag) -> Int? { string(tag).flatMap { Int($0) } }

    /// A DS element's values; an unreadable value ends the list.
    public func decimals(_ tag: DICOMTag) -> [Double] {
        var values: [Double] = []
        for text in strings(tag) {
            guard let value = Double(text), value.isFinite else { break }
            values.append(value)
        }
        return values
    }

    /// A sequence's items (empty when absent or not a sequence).
    public func sequence(_ tag: DICOMTag) -> [DICOMDataSet] {
        guard case .sequence(let items)? = elements[tag]?.value else { return [] }
        return items
    }
}
