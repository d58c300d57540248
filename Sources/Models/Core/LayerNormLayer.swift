public import Tensors

/// Layer normalisation over the last axis (`<prefix>.weight`, `<prefix>.bias`).
public struct LayerNormLayer: ParameterContainer {
    public let weight: Parameter
    public let bias: Parameter
    public let eps: Float

    /// Ones and zeros, like a fresh `nn.LayerNorm`.
    public init(_ name: String, dim: Int, eps: Float) {
        weight = Parameter(name + ".weight", Tensor.ones([dim]))
        bias = Parameter(name + ".bias", Tensor.zeros([dim]))
        self.eps = eps
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func callAsFunction(_ x: Tensor, _ w: Weights) -> Tensor {
        layerNorm(x, weight: w[weight], bias: w[bias], eps: eps)
    }
}
