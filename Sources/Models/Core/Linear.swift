public import Tensors

/// A fully connected layer with PyTorch's layout (`weight` is `[out, in]`) and HF names
/// (`<prefix>.weight`, `<prefix>.bias`).
public struct Linear: ParameterContainer {
    public let weight: Parameter
    public let bias: Parameter?

    /// A layer initialised like HF encoders: weights from N(0, 0.02²), zero bias.
    public init(_ name: String, input: Int, output: Int, bias: Bool = true, rng: inout TensorRNG) {
        weight = Parameter(name + ".weight", Tensor.randn([output, input], std: 0.02, rng: &rng))
        self.bias = bias ? Parameter(name + ".bias", Tensor.zeros([output])) : nil
    }

    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// `x·Wᵀ + b` over the last axis.
    public func callAsFunction(_ x: Tensor, _ w: Weights) -> Tensor {
        linear(x, weight: w[weight], bias: bias.map { w[$0] })
    }
}
