public import Tensors

/// Where a forward pass reads its parameters from: their plain values (inference, nothing is
/// recorded) or tracked views on a ``Tape`` (training, gradients flow into ``Parameter/grad``).
///
/// Every layer's `callAsFunction` takes one, so the same code serves both modes.
public struct Weights {
    /// The tape parameters are watched on, or `nil` for inference.
    public let tape: Tape?

    /// Inference when `tape` is `nil`, training otherwise.
    public init(tape: Tape? = nil) { self.tape = tape }

    /// The tensor a forward pass uses for `parameter`.
    public subscript(_ parameter: Parameter) -> Tensor {
        if let tape { return tape.watch(parameter) }
        return parameter.value
    }
}

/// Something that owns named parameters (an encoder, a head, a whole model). Names are the
/// checkpoint (Hugging Face) names, prefix included.
public protocol ParameterContainer {
    /// Every trainable parameter, in a stable order.
    var parameters: [Parameter] { get }
}

extension ParameterContainer {
    /// The parameters' current values by name, for writing a checkpoint.
    public var stateDict: [(String, Tensor)] { parameters.map { ($0.name, $0.value) } }

    /// Number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Replaces every parameter's value with the tensor of the same name in `tensors`.
    ///
    /// Extra tensors are ignored (buffers such as Swin's `relative_position_index`, heads this
    /// model does not use). Throws when a parameter is missing or has another shape.
    public func load(_ tensors: [String: Tensor]) throws(CheckpointError) {
        var missing: [String] = []
        for p in parameters {
            guard let t = tensors[p.name] else { missing.append(p.name); continue }
            guard t.shape == p.value.shape else {
                throw CheckpointError("tensor \(p.name) has shape \(t.shape), the model expects \(p.value.shape)")
            }
            p.value = t
            p.zeroGrad()
        }
        if !missing.isEmpty {
            let shown = missing.prefix(5).joined(separator: ", ")
            throw CheckpointError("\(missing.count) tensor(s) missing from the checkpoint: \(shown)\(missing.count > 5 ? ", …" : "")")
        }
    }
}
