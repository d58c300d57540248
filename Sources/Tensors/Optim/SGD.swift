/// Stochastic gradient descent with momentum (PyTorch `torch.optim.SGD` semantics:
/// `b ← μ·b + g`, `p ← p − lr·b`), with optional weight decay added to the gradient for
/// parameters with ``Parameter/decay``.
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float, weightDecay: Float
    public private(set) var stepCount = 0
    private var buffers: [Tensor]

    public init(_ parameters: [Parameter], learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 0) {
        checkUniqueNames(parameters)
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum; self.weightDecay = weightDecay
        buffers = parameters.map { Tensor.zeros($0.value.shape) }
    }

    public func step() {
        let first = stepCount == 0
        stepCount += 1
        let lr = learningRate, mu = momentum
        for (i, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            let wd: Float = p.decay ? weightDecay : 0
            let gp = g.ptr
            buffers[i].withUnsafeMutableBufferPointer { bb in
                p.value.withUnsafeMutableBufferPointer { pb in
                    for j in 0..<pb.count {
                        let gj = gp[j] + wd * pb[j]
                        let b = first ? gj : mu * bb[j] + gj
                        bb[j] = b
                        pb[j] -= lr * b
                    }
                }
            }
        }
    }

    public func stateDict() -> (tensors: [String: Tensor], metadata: [String: String]) {
        var t: [String: Tensor] = [:]
        for (i, p) in parameters.enumerated() { t["momentum_buffer.\(p.name)"] = buffers[i] }
        return (t, ["optimizer": "SGD", "step": "\(stepCount)", "lr": "\(learningRate)"])
    }

    public func loadStateDict(tensors: [String: Tensor], metadata: [String: String]) throws {
        guard metadata["optimizer"] == "SGD", let s = metadata["step"].flatMap(Int.init) else {
            throw OptimizerStateError("optimizer state: not an SGD state (metadata \(metadata))")
        }
        buffers = try parameters.map { try restore("momentum_buffer.\($0.name)", from: tensors, like: $0) }
        stepCount = s
        if let lr = metadata["lr"].flatMap(Float.init) { learningRate = lr }
    }
}
