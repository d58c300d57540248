/// A read-only row-major float32 matrix of embeddings (one row per index row) that search runs over.
///
/// It is a view: the memory belongs to `owner` (a mapped `.npy` file, or storage this type
/// allocated), which the view keeps alive.
public struct EmbeddingMatrix: @unchecked Sendable {
    public let base: UnsafePointer<Float>
    public let rows: Int
    public let columns: Int
    private let owner: AnyObject?

    /// A view of memory that `owner` keeps valid and unchanged for as long as it lives.
    public init(unsafeBase base: UnsafePointer<Float>, rows: Int, columns: Int, owner: AnyObject?) {
        precondition(rows >= 0 && columns >= 0, "negative matrix shape")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.owner = owner
    }

    /// A matrix holding a copy of `values` (row-major, `values.count` a multiple of `columns`).
    public init(copying values: [Float], columns: Int) {
        precondition(columns > 0 && values.count % columns == 0, "values do not form rows of \(columns) columns")
        let storage = FloatStorage(copying: values)
        self.init(unsafeBase: UnsafePointer(storage.pointer), rows: values.count / columns, columns: columns, owner: storage)
    }

    public var count: Int { rows * columns }

    public func row(_ index: Int) -> UnsafeBufferPointer<Float> {
        precondition(index >= 0 && index < rows, "row \(index) out of range 0..<\(rows)")
        return UnsafeBufferPointer(start: base + index * columns, count: columns)
    }

    /// All values, row after row.
    public var values: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: base, count: count) }
}

/// Heap storage for floats, freed with its owner.
final class FloatStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
    }

    convenience init(copying values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.initialize(from: base, count: values.count) }
        }
    }

    deinit { pointer.deallocate() }
}
