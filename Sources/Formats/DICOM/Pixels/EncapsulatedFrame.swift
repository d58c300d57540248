/// Finds frame 1's codestream among the fragments of encapsulated Pixel Data (PS3.5 §A.4): by the
/// Extended Offset Table, else the Basic Offset Table, else — when neither is there — one frame is
/// all fragments, and a multi-frame object's first frame ends with the fragment that ends with a
/// JPEG/J2K end-of-image marker (RLE keeps one fragment per frame).
enum EncapsulatedFrame {
    static func first(offsetTable: Range<Int>, fragments: [Range<Int>], dataSet: DICOMDataSet, frames: Int,
                      compression: DICOMTransferSyntax.Compression?) throws(DecodeError) -> [UInt8] {
        let bytes = dataSet.bytes
        guard let firstFragment = fragments.first else {
            throw DecodeError(.truncatedImage, decoder: DICOMFile.decoderName, "encapsulated Pixel Data holds no fragments")
        }
        // Offsets in both tables count from the first fragment's Item tag.
        let base = firstFragment.lowerBound - 8
        if frames > 1, let extended = dataSet.rawBytes(.extendedOffsetTable), let lengths = dataSet.rawBytes(.extendedOffsetTableLengths),
           extended.count >= 8, lengths.count >= 8 {
            let offset = readUInt64(extended, at: extended.startIndex), length = readUInt64(lengths, at: lengths.startIndex)
            if let fragment = fragments.first(where: { UInt64($0.lowerBound - 8 - base) == offset }) {
                return Array(bytes[fragment.lowerBound ..< fragment.lowerBound + Int(min(length, UInt64(fragment.count)))])
            }
        }
        if frames > 1, offsetTable.count >= 8 {
            let table = bytes[offsetTable]
            let start = Int(readUInt32(table, at: table.startIndex)), end = Int(readUInt32(table, at: table.startIndex + 4))
            let chosen = fragments.filter { (start..<end).contains($0.lowerBound - 8 - base) }
            if !chosen.isEmpty { return concatenate(chosen, bytes) }
        }
        if frames == 1 || fragments.count == frames || compression == .rle {
            return frames == 1 ? concatenate(fragments, bytes) : Array(bytes[firstFragment])
        }
        var chosen: [Range<Int>] = []
        for fragment in fragments {
            chosen.append(fragment)
            if endsWithEndOfImage(bytes[fragment]) { break }
        }
        return concatenate(chosen, bytes)
    }

    private static func concatenate(_ ranges: [Range<Int>], _ bytes: [UInt8]) -> [UInt8] {
        if ranges.count == 1 { return Array(bytes[ranges[0]]) }
        var out: [UInt8] = []
        out.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        for range in ranges { out.append(contentsOf: bytes[range]) }
        return out
    }

    /// FF D9 at the end, allowing the one padding byte an odd-length codestream gets.
    private static func endsWithEndOfImage(_ fragment: ArraySlice<UInt8>) -> Bool {
        let tail = Array(fragment.suffix(3))
        guard tail.count >= 2 else { return false }
        if tail[tail.count - 2] == 0xFF, tail[tail.count - 1] == 0xD9 { return true }
        return tail.count == 3 && tail[0] == 0xFF && tail[1] == 0xD9 && tail[2] == 0
    }

    private static func readUInt32(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
    }

    private static func readUInt64(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[index + $1]) << (8 * UInt64($1)) }
    }
}
