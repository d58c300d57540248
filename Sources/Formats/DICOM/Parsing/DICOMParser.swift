/// Walks encoded data elements (PS3.5 §7): explicit or implicit VR, either byte order, sequences and
/// items of defined and undefined length, and encapsulated pixel data.
///
/// Every length is checked against the bytes that remain before anything is read or kept, nesting
/// is bounded, and each failure names the tag and the offset — a malformed file is an error, never a
/// crash or an unbounded read. Values are not copied: elements hold ranges into `bytes`.
struct DICOMParser {
    static let maxDepth = 16
    static let undefinedLength = UInt32.max

    let bytes: [UInt8]
    let isExplicitVR: Bool
    let isBigEndian: Bool

    /// Parses elements from `start` up to `end`; with `untilItemDelimiter`, stops after an Item
    /// Delimitation Item instead (undefined-length item). Returns the elements and where parsing ended.
    func parseDataSet(from start: Int, to end: Int, depth: Int = 0, untilItemDelimiter: Bool = false,
                      inheritedUTF8: Bool = false, stopBefore stopGroup: UInt16? = nil) throws(DecodeError)
        -> (dataSet: DICOMDataSet, end: Int) {
        guard depth <= Self.maxDepth else {
            throw Self.malformed("sequences are nested more than \(Self.maxDepth) deep", at: start)
        }
        var elements: [DICOMTag: DICOMElement] = [:]
        var position = start
        var utf8 = inheritedUTF8
        while position < end {
            guard end - position >= 8 else {
                throw Self.malformed("\(end - position) stray bytes where an element header should start", at: position)
            }
            let tag = readTag(at: position)
            if let stopGroup, tag.group != stopGroup { break }
            if tag == .itemDelimitation {
                guard untilItemDelimiter else { throw Self.malformed("an item delimiter outside an item", at: position) }
                return (DICOMDataSet(bytes: bytes, isBigEndian: isBigEndian, isUTF8: utf8, elements: elements), position + 8)
            }
            if tag == .sequenceDelimitation {
                throw Self.malformed("a sequence delimiter outside a sequence", at: position)
            }
            let element = try parseElement(at: position, end: end, depth: depth, utf8: utf8)
            if elements[tag] == nil { elements[tag] = element.element }
            if tag == .specificCharacterSet, case .bytes(let range) = element.element.value {
                utf8 = DICOMText.isUTF8(DICOMText.decode(bytes[range], utf8: false))
            }
            position = element.end
        }
        if untilItemDelimiter { throw Self.malformed("an item of undefined length has no item delimiter", at: position) }
        return (DICOMDataSet(bytes: bytes, isBigEndian: isBigEndian, isUTF8: utf8, elements: elements), position)
    }

    private func parseElement(at start: Int, end: Int, depth: Int, utf8: Bool) throws(DecodeError)
        -> (element: DICOMElement, end: Int) {
        let tag = readTag(at: start)
        var vr: DICOMValueRepresentation
        var length: UInt32
        var valueStart: Int
        if isExplicitVR && tag.group != 0xFFFE {
            guard let explicit = DICOMValueRepresentation(bytes: bytes[start + 4], bytes[start + 5]) else {
                throw Self.malformed("element \(tag) has no valid value representation", at: start)
            }
            vr = explicit
            if vr.hasLongLength {
                guard end - start >= 12 else { throw Self.malformed("element \(tag) is cut off in its header", at: start) }
                length = readUInt32(at: start + 8)
                valueStart = start + 12
            } else {
                length = UInt32(readUInt16(at: start + 6))
                valueStart = start + 8
            }
        } else {
            vr = DICOMValueRepresentation.implicitVR(of: tag)
            length = readUInt32(at: start + 4)
            valueStart = start + 8
        }

        if length == Self.undefinedLength {
            if tag == .pixelData {
                let (offsetTable, fragments, after) = try parseFragments(from: valueStart, end: end)
                return (DICOMElement(tag: tag, vr: vr, offset: start, value: .fragments(offsetTable: offsetTable, fragments: fragments)), after)
            }
            guard vr == .sequence || vr == .unknown else {
                throw Self.malformed("element \(tag) (\(vr)) has an undefined length, which only sequences may have", at: start)
            }
            // An undefined-length UN element is a sequence encoded implicit VR little endian (PS3.5 §6.2.2).
            let parser = vr == .unknown ? DICOMParser(bytes: bytes, isExplicitVR: false, isBigEndian: false) : self
            let (items, after) = try parser.parseItems(from: valueStart, end: end, defined: false, depth: depth + 1, utf8: utf8)
            return (DICOMElement(tag: tag, vr: .sequence, offset: start, value: .sequence(items)), after)
        }

        let remaining = end - valueStart
        guard Int(length) <= remaining else {
            throw DecodeError(tag == .pixelData ? .truncatedImage : .malformedDICOM, decoder: DICOMFile.decoderName,
                              "element \(tag) at offset \(start) declares \(length) bytes but only \(max(remaining, 0)) remain (the file is truncated or corrupt)")
        }
        let valueEnd = valueStart + Int(length)
        if vr == .sequence {
            let (items, _) = try parseItems(from: valueStart, end: valueEnd, defined: true, depth: depth + 1, utf8: utf8)
            return (DICOMElement(tag: tag, vr: vr, offset: start, value: .sequence(items)), valueEnd)
        }
        return (DICOMElement(tag: tag, vr: vr, offset: start, value: .bytes(valueStart..<valueEnd)), valueEnd)
    }

    /// A sequence's items, up to `end` (defined length) or its Sequence Delimitation Item.
    private func parseItems(from start: Int, end: Int, defined: Bool, depth: Int, utf8: Bool) throws(DecodeError)
        -> (items: [DICOMDataSet], end: Int) {
        guard depth <= Self.maxDepth else {
            throw Self.malformed("sequences are nested more than \(Self.maxDepth) deep", at: start)
        }
        var items: [DICOMDataSet] = []
        var position = start
        while true {
            if defined && position == end { return (items, end) }
            guard end - position >= 8 else {
                throw Self.malformed(defined ? "a sequence's items overrun its length" : "a sequence of undefined length has no delimiter",
                                     at: position)
            }
            let tag = readTag(at: position)
            let length = readUInt32(at: position + 4)
            if tag == .sequenceDelimitation, !defined { return (items, position + 8) }
            guard tag == .item else { throw Self.malformed("expected an item in a sequence, found \(tag)", at: position) }
            if length == Self.undefinedLength {
                let (item, after) = try parseDataSet(from: position + 8, to: end, depth: depth, untilItemDelimiter: true, inheritedUTF8: utf8)
                items.append(item)
                position = after
            } else {
                guard Int(length) <= end - position - 8 else {
                    throw Self.malformed("an item declares \(length) bytes but only \(end - position - 8) remain", at: position)
                }
                let itemEnd = position + 8 + Int(length)
                items.append(try parseDataSet(from: position + 8, to: itemEnd, depth: depth, inheritedUTF8: utf8).dataSet)
                position = itemEnd
            }
        }
    }

    /// Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item, fragments, the delimiter.
    private func parseFragments(from start: Int, end: Int) throws(DecodeError) -> (Range<Int>, [Range<Int>], Int) {
        var position = start
        var ranges: [Range<Int>] = []
        while true {
            guard end - position >= 8 else {
                throw DecodeError(.truncatedImage, decoder: DICOMFile.decoderName,
                                  "encapsulated pixel data at offset \(position) ends without a sequence delimiter (the file is truncated)")
            }
            let tag = readTag(at: position)
            let length = readUInt32(at: position + 4)
            if tag == .sequenceDelimitation { break }
            guard tag == .item else { throw Self.malformed("expected a pixel data fragment item, found \(tag)", at: position) }
            guard length != Self.undefinedLength, Int(length) <= end - position - 8 else {
                throw DecodeError(.truncatedImage, decoder: DICOMFile.decoderName,
                                  "a pixel data fragment at offset \(position) declares \(length) bytes but only \(end - position - 8) remain")
            }
            ranges.append((position + 8)..<(position + 8 + Int(length)))
            position += 8 + Int(length)
        }
        guard let offsetTable = ranges.first else {
            throw Self.malformed("encapsulated pixel data has no Basic Offset Table item", at: start)
        }
        return (offsetTable, Array(ranges.dropFirst()), position + 8)
    }

    func readTag(at offset: Int) -> DICOMTag {
        DICOMTag(readUInt16(at: offset), readUInt16(at: offset + 2))
    }

    func readUInt16(at offset: Int) -> UInt16 {
        let first = UInt16(bytes[offset]), second = UInt16(bytes[offset + 1])
        return isBigEndian ? first << 8 | second : second << 8 | first
    }

    func readUInt32(at offset: Int) -> UInt32 {
        let b0 = UInt32(bytes[offset]), b1 = UInt32(bytes[offset + 1]), b2 = UInt32(bytes[offset + 2]), b3 = UInt32(bytes[offset + 3])
        return isBigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0
    }

    static func malformed(_ message: String, at offset: Int) -> DecodeError {
        DecodeError(.malformedDICOM, decoder: DICOMFile.decoderName, "\(message) (offset \(offset))")
    }
}
