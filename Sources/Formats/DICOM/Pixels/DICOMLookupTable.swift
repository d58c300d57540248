/// A Modality or VOI LUT item (PS3.3 §C.11.1.1): LUT Descriptor [entries, first mapped value,
/// bits per entry] and LUT Data. Values below the first mapped value take the first entry, values
/// past the end take the last.
struct DICOMLookupTable {
    let firstMapped: Int
    let entries: [UInt16]
    let outputMaximum: Int

    init?(_ item: DICOMDataSet?) {
        guard let item else { return nil }
        let descriptor = item.uint16s(.lutDescriptor)
        let data = item.uint16s(.lutData)
        guard descriptor.count >= 3, !data.isEmpty else { return nil }
        // 0 entries means 65,536 (PS3.3 §C.11.1.1.1); the first mapped value is US or SS.
        let declared = descriptor[0] == 0 ? 65_536 : Int(descriptor[0])
        let bits = Int(descriptor[2])
        guard (1...16).contains(bits) else { return nil }
        firstMapped = item[.lutDescriptor]?.vr.code == "SS" ? Int(Int16(bitPattern: descriptor[1])) : Int(descriptor[1])
        entries = Array(data.prefix(declared))
        outputMaximum = (1 << bits) - 1
    }

    func map(_ value: Float) -> Float {
        guard value.isFinite else { return Float(entries[value > 0 ? entries.count - 1 : 0]) }
        let clamped = min(max(value.rounded(.down), -1e9), 1e9)
        let index = min(max(Int(clamped) - firstMapped, 0), entries.count - 1)
        return Float(entries[index])
    }
}
