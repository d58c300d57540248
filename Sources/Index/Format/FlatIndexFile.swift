/// A FAISS `IndexFlatIP` file: what `faiss.write_index` writes for an `IndexFlatIP` and
/// `faiss.read_index` opens, so downstream tools can load an index's vectors without numpy.
///
/// The layout follows FAISS at commit 02dbb4e (facebookresearch/faiss, 2026-08), all little-endian:
///
/// | bytes | field | source |
/// |---|---|---|
/// | 4 | fourcc `"IxFI"` (`IndexFlat` with `METRIC_INNER_PRODUCT`) | `faiss/impl/index_write.cpp` lines 492-499: `fourcc(metric_type == METRIC_INNER_PRODUCT ? "IxFI" : …)`, `WRITE1(h)` |
/// | 4 | `d`, int32 | `write_index_header` (lines 100-111): `WRITE1(idx->d)` (`int d` in `Index.h`) |
/// | 8 | `ntotal`, int64 | `WRITE1(idx->ntotal)` (`idx_t`) |
/// | 8 + 8 | two dummies, int64 `1 << 20` | `idx_t dummy = 1 << 20; WRITE1(dummy); WRITE1(dummy);` |
/// | 1 | `is_trained`, bool = 1 | `WRITE1(idx->is_trained)`; read back with `READ1_BOOL`, which rejects bytes other than 0/1 |
/// | 4 | `metric_type`, int32 = 0 (`METRIC_INNER_PRODUCT`, first in `enum MetricType`) | `WRITE1(idx->metric_type)`; no `metric_arg` since the metric is ≤ 1 |
/// | 8 | element count of the vector, uint64 = `ntotal × d` | `WRITEXBVECTOR(idxf->codes)` (`faiss/impl/io_macros.h` lines 110-118): the `codes` byte vector's size **divided by 4** |
/// | 4·n·d | the vectors, float32 row-major | `WRITEANDCHECK((vec).data(), size * 4)` |
///
/// The count is in floats, not bytes: `WRITEXBVECTOR` exists "for backwards compatibility of
/// IndexFlat" from when `xb` was a `std::vector<float>`. `index_read.cpp` (lines 283-302
/// `read_index_header`, 1729-1748 the `IxFI` branch) reads the same fields, multiplies the count
/// by 4 in `READXBVECTOR`, checks `d` ≤ 2²⁰ and `codes.size() == ntotal × d × 4`.
/// A 2 × 3 matrix thus gives a 69-byte file (45-byte header).
public enum FlatIndexFile {
    public static let fourcc: [UInt8] = Array("IxFI".utf8)
    static let dummy: Int64 = 1 << 20
    static let metricInnerProduct: Int32 = 0
    /// Bytes before the vectors.
    public static let headerSize = 4 + 4 + 8 + 8 + 8 + 1 + 4 + 8

    /// The size of the file for `rows` vectors of `dimension` floats.
    public static func fileSize(rows: Int, dimension: Int) -> Int { headerSize + 4 * rows * dimension }

    /// Writes `rows × dimension` float32 values (row-major) as an `IndexFlatIP` file; `fsync`s it.
    @discardableResult
    public static func write(_ values: UnsafeBufferPointer<Float>, rows: Int, dimension: Int,
                             to path: String) throws(IndexError) -> FileDigest {
        guard rows >= 0, dimension > 0, dimension <= 1 << 20, values.count == rows * dimension else {
            throw IndexError("\(path): \(values.count) values do not form \(rows) vectors of dimension \(dimension)")
        }
        let file = try DurableFileWriter(path: path)
        try file.write(fourcc)
        try file.write(littleEndian: Int32(dimension))
        try file.write(littleEndian: Int64(rows))
        try file.write(littleEndian: dummy)
        try file.write(littleEndian: dummy)
        try file.write(littleEndian: UInt8(1))
        try file.write(littleEndian: metricInnerProduct)
        try file.write(littleEndian: UInt64(rows * dimension))
        try file.write(UnsafeRawBufferPointer(values))
        return try file.finish()
    }

    @discardableResult
    public static func write(_ values: [Float], dimension: Int, to path: String) throws(IndexError) -> FileDigest {
        guard dimension > 0, values.count % dimension == 0 else {
            throw IndexError("\(path): \(values.count) values do not form vectors of dimension \(dimension)")
        }
        return try values.withUnsafeBufferPointer { (buffer) throws(IndexError) in
            try write(buffer, rows: values.count / dimension, dimension: dimension, to: path)
        }
    }

    /// An `IndexFlatIP` file's header, read and checked as FAISS's `read_index` checks it.
    public struct Header: Sendable, Equatable {
        public var dimension: Int
        public var count: Int
    }

    /// Reads and validates the header of a mapped `IndexFlatIP` file; the vectors then start at
    /// ``headerSize``.
    public static func readHeader(_ bytes: UnsafeRawBufferPointer, name: String) throws(IndexError) -> Header {
        guard bytes.count >= headerSize else { throw IndexError("\(name): too short for a FAISS IndexFlatIP file") }
        guard Array(bytes[0..<4]) == fourcc else {
            throw IndexError("\(name): not a FAISS IndexFlatIP file (fourcc \(Array(bytes[0..<4])))")
        }
        func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        let dimension = Int(load(4, as: Int32.self))
        let count = Int(load(8, as: Int64.self))
        guard dimension > 0, dimension <= 1 << 20, count >= 0 else {
            throw IndexError("\(name): invalid FAISS header (d = \(dimension), ntotal = \(count))")
        }
        guard load(32, as: UInt8.self) == 1 else { throw IndexError("\(name): FAISS index is not trained") }
        guard load(33, as: Int32.self) == metricInnerProduct else {
            throw IndexError("\(name): FAISS metric is \(load(33, as: Int32.self)), not inner product (0)")
        }
        let (cells, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard !overflow, load(37, as: UInt64.self) == UInt64(cells) else {
            throw IndexError("\(name): FAISS vector length \(load(37, as: UInt64.self)) ≠ ntotal × d = \(count) × \(dimension)")
        }
        guard bytes.count == fileSize(rows: count, dimension: dimension) else {
            throw IndexError("\(name): file is \(bytes.count) bytes, \(count) × \(dimension) floats need "
                + "\(fileSize(rows: count, dimension: dimension))")
        }
        return Header(dimension: dimension, count: count)
    }

    /// Reads a whole `IndexFlatIP` file into memory (for tests and tools).
    public static func read(path: String) throws(IndexError) -> (header: Header, values: [Float]) {
        try MappedFile(path: path).withBytes { (bytes) throws(IndexError) in
            let header = try readHeader(bytes, name: path)
            let cells = header.count * header.dimension
            var values = [Float](repeating: 0, count: cells)
            values.withUnsafeMutableBytes { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[headerSize..<(headerSize + 4 * cells)]))
            }
            return (header, values)
        }
    }
}
