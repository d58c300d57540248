/// A dense, row-major float32 tensor.
///
/// A `Tensor` is a value: a shape plus a reference-counted ``TensorStorage``. `reshape` shares the
/// storage (free view); other ops write new storage (transposes feeding a matrix product are passed
/// to `sgemm` as flags instead of being copied).
///
/// A tensor produced by an op on a tensor that is tracked by a ``Tape`` is itself tracked: it
/// carries the tape and its variable index, and the op was recorded for reverse mode. Tensors with
/// no tape are constants, and ops on constants only compute (inference mode records nothing and
/// allocates no gradient buffers).
///
/// Shape errors are programmer errors, like an array index out of range: every op checks its
/// shapes with a `precondition` whose message names the op and the shapes involved. Only I/O
/// (``SafeTensors``) throws.
///
/// Sendability: a constant tensor (no tape) may be shared across tasks: its storage is only
/// mutated through copy-on-write. A tracked tensor must stay on the task that owns its tape.
public struct Tensor: CustomStringConvertible, @unchecked Sendable {
    /// The size of each axis, outermost first. `[]` is a scalar.
    public let shape: [Int]
    var storage: TensorStorage
    /// The tape recording ops on this tensor, or `nil` for a constant.
    public let tape: Tape?
    /// This tensor's variable index on ``tape`` (−1 for a constant).
    let id: Int

    init(shape: [Int], storage: TensorStorage, tape: Tape? = nil, id: Int = -1) {
        self.shape = shape
        self.storage = storage
        self.tape = tape
        self.id = id
    }

    /// A constant tensor holding `values` (row-major) with the given `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(Shape.count(shape) == values.count,
                     "Tensor(shape:values:): shape \(shape) needs \(Shape.count(shape)) values, got \(values.count)")
        let s = TensorStorage(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { s.pointer.initialize(from: $0.baseAddress!, count: values.count) }
        self.init(shape: shape, storage: s)
    }

    /// A constant scalar (shape `[]`).
    public init(_ scalar: Float) { self.init(shape: [], values: [scalar]) }

    /// A constant tensor with every element equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: Shape.count(shape)))
    }

    /// Zeros of the given shape.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// Ones of the given shape.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// Samples from N(mean, std²).
    public static func randn(_ shape: [Int], mean: Float = 0, std: Float = 1, rng: inout TensorRNG) -> Tensor {
        let t = Tensor(uninitialized: shape)
        for i in 0..<t.count { t.storage.pointer[i] = mean + std * rng.nextNormal() }
        return t
    }

    /// Samples from U[low, high).
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, rng: inout TensorRNG) -> Tensor {
        let t = Tensor(uninitialized: shape)
        for i in 0..<t.count { t.storage.pointer[i] = low + (high - low) * rng.nextUniform() }
        return t
    }

    /// `0, 1, …, n-1` as floats.
    public static func arange(_ n: Int) -> Tensor { Tensor(shape: [n], values: (0..<n).map(Float.init)) }

    /// Storage the caller fills completely.
    init(uninitialized shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
    }

    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// Whether this tensor is tracked by a tape (and will receive a gradient).
    public var requiresGrad: Bool { tape != nil }

    /// The elements in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }

    /// The single element of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item: tensor of shape \(shape) has \(count) elements, expected 1")
        return storage.pointer[0]
    }

    /// The same values with no tape: a constant (gradients stop here).
    public var detached: Tensor { Tensor(shape: shape, storage: storage) }

    /// Element at a multi-index (slow; for tests and inspection).
    public subscript(_ index: Int...) -> Float {
        precondition(index.count == rank, "subscript: \(index.count) indices for rank \(rank)")
        var off = 0
        for (i, d) in zip(index, shape) {
            precondition(i >= 0 && i < d, "subscript: index \(index) out of range for shape \(shape)")
            off = off * d + i
        }
        return storage.pointer[off]
    }

    /// Read-only access to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage.buffer))
    }

    /// Mutable access to the elements (copies first if the storage is shared). Mutating a tracked
    /// tensor in place does not update its recorded history; use this on constants and parameters.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(storage.buffer)
    }

    public var description: String {
        let head = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(head)\(count > 8 ? ", …" : "")])"
    }

    @inline(__always) var ptr: UnsafeMutablePointer<Float> { storage.pointer }
}
