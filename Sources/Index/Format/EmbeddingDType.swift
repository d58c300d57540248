/// The element type of the `.npy` embedding matrices of an index (the manifest's `dtype`).
///
/// FAISS `IndexFlatIP` files are always float32, whatever this says; a float16 index halves the
/// `.npy` files and is widened to float32 when a reader opens it.
public enum EmbeddingDType: String, Codable, Sendable, CaseIterable {
    case float32
    case float16

    /// numpy's type string: little-endian IEEE 754 binary32 or binary16.
    public var numpyDescriptor: String {
        switch self {
        case .float32: "<f4"
        case .float16: "<f2"
        }
    }

    public var byteWidth: Int {
        switch self {
        case .float32: 4
        case .float16: 2
        }
    }

    init?(numpyDescriptor: String) {
        switch numpyDescriptor {
        case "<f4": self = .float32
        case "<f2": self = .float16
        default: return nil
        }
    }
}
