#if _endian(big)
#error("the index formats are little-endian and are written by copying memory")
#endif

/// Writes float matrices as `.npy` v1.0 files that `numpy.load(path, mmap_mode="r")` maps.
///
/// The header is ``NumpyHeader``'s (byte for byte what numpy writes), the data follows in C order,
/// little-endian float32 (`<f4`) or float16 (`<f2`, rounded to nearest even). The file is created
/// new, written sequentially and `fsync`ed; making its folder entry durable is the caller's job.
/// ``MappedNumpyArray`` reads it back.
public enum NumpyArray {
    /// Writes `rows × columns` floats, row-major, and returns the file's size and SHA-256.
    @discardableResult
    public static func write(_ values: UnsafeBufferPointer<Float>, rows: Int, columns: Int, dtype: EmbeddingDType = .float32,
                             to path: String) throws(IndexError) -> FileDigest {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw IndexError("\(path): \(values.count) values do not form a \(rows) × \(columns) matrix")
        }
        let file = try DurableFileWriter(path: path)
        try file.write(NumpyHeader(dtype: dtype, rows: rows, columns: columns).encoded())
        switch dtype {
        case .float32:
            try file.write(UnsafeRawBufferPointer(values))
        case .float16:
            let chunk = 1 << 16
            var half = [UInt16](repeating: 0, count: chunk)
            var start = 0
            while start < values.count {
                let end = min(start + chunk, values.count)
                for index in start..<end { half[index - start] = Float16(values[index]).bitPattern }
                try half.withUnsafeBufferPointer { (buffer) throws(IndexError) in
                    try file.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0..<(end - start)])))
                }
                start = end
            }
        }
        return try file.finish()
    }

    /// Writes a row-major array of `columns`-wide rows.
    @discardableResult
    public static func write(_ values: [Float], columns: Int, dtype: EmbeddingDType = .float32,
                             to path: String) throws(IndexError) -> FileDigest {
        guard columns > 0, values.count % columns == 0 else {
            throw IndexError("\(path): \(values.count) values do not form rows of \(columns) columns")
        }
        return try values.withUnsafeBufferPointer { (buffer) throws(IndexError) in
            try write(buffer, rows: values.count / columns, columns: columns, dtype: dtype, to: path)
        }
    }
}
