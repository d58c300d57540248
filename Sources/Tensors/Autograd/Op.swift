/// Every differentiable operation, one case each: the spine of the engine (STYLE.md §6).
/// An op function computes its result eagerly and, when an input is tracked, records its case
/// with the scalar parameters its backward needs; ``Backward/gradients(_:grad:saved:inputShapes:needs:)``
/// is the one `switch` that turns each case back into input gradients.
enum Op {
    case matmul(transposeA: Bool, transposeB: Bool)
    case linear
    case add, sub, mul, div
    case addScalar, mulScalar(Float), powScalar(Float)
    case unary(UnaryFunction)
    case clamp(min: Float, max: Float)
    case softmax(axis: Int), logSoftmax(axis: Int)
    case layerNorm
    case dropout
    case reshape
    case permute([Int])
    case concat(axis: Int)
    case slice(axis: Int, start: Int)
    case roll(shifts: [Int], axes: [Int])
    case pad(axis: Int, before: Int)
    case sum(axes: [Int])
    case l2Normalize
    case maskedFill
    case gather(axis: Int, indices: [Int])
    case scatter(axis: Int, indices: [Int])
    case crossEntropy

    /// A short name for messages.
    var name: String {
        switch self {
        case .matmul: "matmul"
        case .linear: "linear"
        case .add: "add"
        case .sub: "sub"
        case .mul: "mul"
        case .div: "div"
        case .addScalar: "addScalar"
        case .mulScalar: "mulScalar"
        case .powScalar: "powScalar"
        case .unary(let f): "\(f)"
        case .clamp: "clamp"
        case .softmax: "softmax"
        case .logSoftmax: "logSoftmax"
        case .layerNorm: "layerNorm"
        case .dropout: "dropout"
        case .reshape: "reshape"
        case .permute: "permute"
        case .concat: "concat"
        case .slice: "slice"
        case .roll: "roll"
        case .pad: "pad"
        case .sum: "sum"
        case .l2Normalize: "l2Normalize"
        case .maskedFill: "maskedFill"
        case .gather: "gather"
        case .scatter: "scatter"
        case .crossEntropy: "crossEntropy"
        }
    }
}

/// Element-wise functions of one tensor.
public enum UnaryFunction: Sendable, CaseIterable {
    case exp, log, tanh, sigmoid, relu, sqrt
    /// GELU, exact form: x·Φ(x) = ½x(1 + erf(x/√2)) (PyTorch `gelu`, HF `"gelu"`; XLM-R and Swin).
    /// erf is a rational polynomial fit accurate to ~1e-7, so this form is also the fastest here.
    case gelu
    /// GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch
    /// `gelu(approximate="tanh")`, HF `"gelu_new"`), for weights trained with it. Its tanh is a
    /// rational polynomial too; it runs slightly slower than the exact form (TensorBenchmark).
    case geluTanh
}
