/// One data element as parsed: its tag, VR, where it starts, and its value — bytes (a range into
/// the data set's buffer, not a copy), the items of a sequence, or the fragments of encapsulated
/// pixel data.
public struct DICOMElement: Sendable {
    public enum Value: Sendable {
        case bytes(Range<Int>)
        case sequence([DICOMDataSet])
        /// Encapsulated Pixel Data: the Basic Offset Table item's bytes, then each fragment's bytes.
        case fragments(offsetTable: Range<Int>, fragments: [Range<Int>])
    }

    public let tag: DICOMTag
    public let vr: DICOMValueRepresentation
    /// Offset of the element's tag in the buffer (the inflated body for a deflated file).
    public let offset: Int
    public let value: Value
}
