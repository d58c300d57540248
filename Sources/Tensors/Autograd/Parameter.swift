/// A trainable tensor with a name (the safetensors key), its accumulated gradient and whether
/// weight decay applies to it.
///
/// `grad` accumulates over every ``Tape/backward(_:seed:)`` until ``zeroGrad()``, which is how
/// gradients accumulate over micro-batches.
public final class Parameter {
    /// The checkpoint name, e.g. `encoder.layer.0.attention.self.query.weight`.
    public let name: String
    /// The current value. Optimizers update it in place.
    public var value: Tensor
    /// The gradient accumulated so far, `nil` before the first backward or after ``zeroGrad()``.
    public var grad: Tensor?
    /// Whether decoupled weight decay applies. Defaults to `false` for rank-1 parameters (biases,
    /// LayerNorm weights and biases) and `true` otherwise.
    public var decay: Bool
    /// Row-sparse gradients, for a large `[rows, dim]` table read through ``gather(_:axis:indices:)``
    /// on axis 0 (an embedding): a lookup's backward adds its rows straight into ``grad``, which is
    /// a buffer kept across steps, and ``gradRows`` lists the rows it touched, so nothing of size
    /// `rows × dim` is allocated, cleared, clipped or (with ``AdamW``) updated per step. Any other
    /// use of the table (a tied decoder) makes that step's gradient dense again. Off by default.
    public var sparseGradient = false
    /// The rows ``grad`` can be non-zero in (sorted), when the gradient is row-sparse; nil when it
    /// is dense (or absent). ``grad`` is then still a full tensor, zero outside these rows.
    public private(set) var gradRows: [Int]?
    /// The zeroed gradient buffer of a row-sparse parameter between steps.
    private var rowBuffer: Tensor?

    /// Creates a parameter holding `value` (detached from any tape).
    public init(_ name: String, _ value: Tensor, decay: Bool? = nil) {
        self.name = name
        self.value = value.detached
        self.decay = decay ?? (value.rank >= 2)
    }

    /// Forgets the accumulated gradient (a row-sparse one keeps its buffer, zeroed row by row).
    public func zeroGrad() {
        if let rows = gradRows, let g = grad, value.rank == 2 {
            let d = value.shape[1]
            for r in rows { (g.ptr + r * d).update(repeating: 0, count: d) }
            rowBuffer = g
        }
        grad = nil
        gradRows = nil
    }

    func accumulate(_ g: Tensor) {
        precondition(g.shape == value.shape, "Parameter \(name): gradient shape \(g.shape) != value shape \(value.shape)")
        if grad == nil { grad = g.detached } else { grad!.addInPlace(g) }
        gradRows = nil // dense from now on, until the next zeroGrad
    }

    /// Adds `values` (`[rows.count, dim]`) into rows `rows` (repeats add up) of the gradient.
    func accumulateRows(_ rows: [Int], _ values: Tensor) {
        precondition(value.rank == 2 && values.shape == [rows.count, value.shape[1]],
                     "Parameter \(name): row gradient \(values.shape) for \(rows.count) rows of \(value.shape)")
        let d = value.shape[1]
        if grad == nil {
            grad = rowBuffer ?? Tensor.zeros(value.shape)
            rowBuffer = nil
            gradRows = []
        }
        let g = grad!
        for (k, r) in rows.enumerated() {
            let dst = g.ptr + r * d, src = values.ptr + k * d
            for j in 0..<d { dst[j] += src[j] }
        }
        if let touched = gradRows { gradRows = Array(Set(touched).union(rows)).sorted() }
    }
}
