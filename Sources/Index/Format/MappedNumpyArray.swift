/// A `.npy` float matrix opened by memory-mapping the file (see ``NumpyHeader`` for what is accepted).
///
/// A float32 file is used in place: ``floats`` points into the mapping, and pages are read from
/// disk (or the page cache, shared with every other reader) as search touches them. A float16 file
/// is widened once into an owned float32 copy. The file size must be exactly header plus data.
public final class MappedNumpyArray: @unchecked Sendable {
    public let header: NumpyHeader
    public let file: MappedFile
    /// `rows × columns` float32 values, row-major.
    public let floats: UnsafePointer<Float>
    private let widened: FloatStorage?

    public var rows: Int { header.rows }
    public var columns: Int { header.columns }
    public var dtype: EmbeddingDType { header.dtype }

    public convenience init(path: String) throws(IndexError) {
        try self.init(file: MappedFile(path: path))
    }

    public init(file: MappedFile) throws(IndexError) {
        let name = file.path
        let header = try NumpyHeader.parse(file.bytes, name: name)
        let (cells, overflow1) = header.rows.multipliedReportingOverflow(by: header.columns)
        let (dataSize, overflow2) = cells.multipliedReportingOverflow(by: header.dtype.byteWidth)
        guard !overflow1, !overflow2 else { throw IndexError("\(name): shape (\(header.rows), \(header.columns)) is too large") }
        let expected = header.dataOffset + dataSize
        guard file.bytes.count == expected else {
            throw IndexError("\(name): file is \(file.bytes.count) bytes, the header's shape (\(header.rows), \(header.columns)) "
                + "\(header.dtype.numpyDescriptor) needs \(expected)")
        }
        self.header = header
        self.file = file
        let data = file.bytes.baseAddress! + header.dataOffset
        switch header.dtype {
        case .float32:
            widened = nil
            floats = cells == 0 ? UnsafePointer(Self.empty.pointer) : data.assumingMemoryBound(to: Float.self)
        case .float16:
            let storage = FloatStorage(count: cells)
            let half = data.assumingMemoryBound(to: UInt16.self)
            for index in 0..<cells { storage.pointer[index] = Float(Float16(bitPattern: half[index])) }
            widened = storage
            floats = UnsafePointer(storage.pointer)
        }
    }

    /// The matrix as a search view that keeps this mapping alive.
    public var matrix: EmbeddingMatrix {
        EmbeddingMatrix(unsafeBase: floats, rows: rows, columns: columns, owner: self)
    }

    /// A copy of row `index`.
    public func row(_ index: Int) -> [Float] { Array(matrix.row(index)) }

    private static let empty = FloatStorage(count: 1)
}
