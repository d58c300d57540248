public import Tensors

/// The activations Hugging Face configs name in `hidden_act` that m3clip implements.
public enum Activation: String, Codable, Sendable {
    /// Exact (erf) GELU, HF's `"gelu"`.
    case gelu
    /// The tanh approximation (`"gelu_new"`, `"gelu_pytorch_tanh"`).
    case geluTanh = "gelu_new"
    case relu

    /// Parses an HF `hidden_act` value.
    public init?(huggingFace name: String) {
        switch name {
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "relu": self = .relu
        default: return nil
        }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .gelu: Tensors.gelu(x)
        case .geluTanh: Tensors.gelu(x, approximate: true)
        case .relu: Tensors.relu(x)
        }
    }
}
