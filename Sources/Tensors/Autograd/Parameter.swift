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

    /// Creates a parameter holding `value` (detached from any tape).
    public init(_ name: String, _ value: Tensor, decay: Bool? = nil) {
        self.name = name
        self.value = value.detached
        self.decay = decay ?? (value.rank >= 2)
    }

    /// Forgets the accumulated gradient.
    public func zeroGrad() { grad = nil }

    func accumulate(_ g: Tensor) {
        precondition(g.shape == value.shape, "Parameter \(name): gradient shape \(g.shape) != value shape \(value.shape)")
        if grad == nil { grad = g.detached } else { grad!.addInPlace(g) }
    }
}
