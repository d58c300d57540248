/// The header of a `.npy` file holding a 2-D little-endian float matrix in C order.
///
/// Writing reproduces numpy's own bytes exactly (`numpy/lib/_format_impl.py`,
/// `_write_array_header` and `_wrap_header`, numpy 2.x): magic `\x93NUMPY`, version 1.0, a
/// little-endian uint16 header length, then the dict `{'descr': '<f4', 'fortran_order': False,
/// 'shape': (n, d), }` followed by numpy's growth padding (21 minus the digits of `n` spaces, so the
/// row count can be rewritten in place), spaces up to a multiple of 64 bytes and a final `\n`.
/// The data therefore starts at a multiple of 64 bytes (`ARRAY_ALIGN`).
///
/// Reading accepts versions 1.0, 2.0 and 3.0 and any dict numpy could have written for such a
/// matrix (keys in any order, either quote style, extra whitespace).
public struct NumpyHeader: Sendable, Equatable {
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// numpy's `ARRAY_ALIGN`: the data offset is a multiple of this.
    public static let alignment = 64
    /// numpy's `GROWTH_AXIS_MAX_DIGITS`.
    static let growthAxisMaxDigits = 21

    public var dtype: EmbeddingDType
    public var rows: Int
    public var columns: Int
    /// Where the matrix data begins: the total length of magic, version, length field and header.
    public private(set) var dataOffset: Int = 0

    public init(dtype: EmbeddingDType, rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "negative matrix shape")
        self.dtype = dtype
        self.rows = rows
        self.columns = columns
        dataOffset = encoded().count
    }

    /// The data size in bytes that follows the header.
    public var dataSize: Int { rows * columns * dtype.byteWidth }

    /// The header's Python dict, as numpy writes it (before padding).
    public var dictionary: String {
        "{'descr': '\(dtype.numpyDescriptor)', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    }

    /// Magic, version 1.0, header length and padded header: exactly the bytes `numpy.save` writes.
    public func encoded() -> [UInt8] {
        var text = Array(dictionary.utf8)
        text += [UInt8](repeating: 0x20, count: max(0, Self.growthAxisMaxDigits - String(rows).count))
        let prefixLength = Self.magic.count + 2 + 2
        let unpadded = text.count + 1
        let padding = Self.alignment - (prefixLength + unpadded) % Self.alignment
        let headerLength = unpadded + padding
        precondition(headerLength <= Int(UInt16.max), "npy header too long")
        var bytes = Self.magic + [1, 0, UInt8(headerLength & 0xff), UInt8(headerLength >> 8)]
        bytes += text
        bytes += [UInt8](repeating: 0x20, count: padding)
        bytes.append(0x0a)
        return bytes
    }

    /// Parses and validates the header at the start of `bytes`; `name` is used in error messages.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws(IndexError) -> NumpyHeader {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw IndexError("\(name) is not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6], minor = bytes[7]
        let lengthSize: Int
        switch (major, minor) {
        case (1, 0): lengthSize = 2
        case (2, 0), (3, 0): lengthSize = 4
        default: throw IndexError("\(name): unsupported .npy version \(major).\(minor)")
        }
        var headerLength = 0
        for index in 0..<lengthSize { headerLength |= Int(bytes[8 + index]) << (8 * index) }
        let start = 8 + lengthSize
        guard start + headerLength <= bytes.count else {
            throw IndexError("\(name): truncated .npy header (\(headerLength) bytes announced, file is \(bytes.count) bytes)")
        }
        let text = Array(bytes[start..<(start + headerLength)])
        let fields: [String: NumpyLiteral]
        do throws(IndexError) {
            var parser = NumpyLiteralParser(text)
            fields = try parser.parseDictionary()
        } catch {
            throw IndexError("\(name): malformed .npy header: \(error.message)")
        }
        guard case .string(let descriptor)? = fields["descr"] else { throw IndexError("\(name): .npy header has no 'descr'") }
        guard let dtype = EmbeddingDType(numpyDescriptor: descriptor) else {
            throw IndexError("\(name): unsupported dtype '\(descriptor)' (expected '<f4' or '<f2')")
        }
        guard case .bool(let fortranOrder)? = fields["fortran_order"] else {
            throw IndexError("\(name): .npy header has no 'fortran_order'")
        }
        guard case .tuple(let shape)? = fields["shape"] else { throw IndexError("\(name): .npy header has no 'shape'") }
        guard shape.count == 2 else { throw IndexError("\(name): expected a 2-D matrix, found shape \(shape)") }
        guard !fortranOrder || shape[0] <= 1 || shape[1] <= 1 else {
            throw IndexError("\(name): Fortran-order matrices are not supported")
        }
        var header = NumpyHeader(dtype: dtype, rows: shape[0], columns: shape[1])
        header.dataOffset = start + headerLength
        guard header.dataOffset % dtype.byteWidth == 0 else { throw IndexError("\(name): matrix data is misaligned") }
        return header
    }
}

/// A value in a `.npy` header dict.
enum NumpyLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
}
