/// Adam with decoupled weight decay (Loshchilov & Hutter; PyTorch `torch.optim.AdamW`):
/// `p ← p − lr·wd·p` (only for parameters with ``Parameter/decay``), then the Adam update with
/// bias-corrected moments. A row-sparse gradient (``Parameter/gradRows``) updates only its rows.
public final class AdamW: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    public private(set) var stepCount = 0
    private var m: [Tensor], v: [Tensor]

    /// Creates the optimizer. Defaults follow PyTorch (`betas = (0.9, 0.999)`, `eps = 1e-8`,
    /// `weight_decay = 0.01`).
    public init(_ parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        checkUniqueNames(parameters)
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        m = parameters.map { Tensor.zeros($0.value.shape) }
        v = parameters.map { Tensor.zeros($0.value.shape) }
    }

    public func step() {
        stepCount += 1
        let t = Float(stepCount)
        let c1 = 1 - Float(TensorsMath.pow(Double(beta1), Double(t)))
        let c2 = 1 - Float(TensorsMath.pow(Double(beta2), Double(t)))
        let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon
        for (i, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            let decay: Float = p.decay ? 1 - lr * weightDecay : 1
            if let rows = p.gradRows {
                // Row-sparse: the lazy update (PyTorch's SparseAdam): only the rows this step
                // touched move, their moments included; the others keep their values and moments.
                let d = p.value.shape[1], gs = g.ptr
                m[i].withUnsafeMutableBufferPointer { mp in
                    v[i].withUnsafeMutableBufferPointer { vp in
                        p.value.withUnsafeMutableBufferPointer { pp in
                            for r in rows {
                                for j in (r * d)..<(r * d + d) {
                                    let gj = gs[j]
                                    let mj = b1 * mp[j] + (1 - b1) * gj
                                    let vj = b2 * vp[j] + (1 - b2) * gj * gj
                                    mp[j] = mj; vp[j] = vj
                                    pp[j] = pp[j] * decay - lr * (mj / c1) / ((vj / c2).squareRoot() + eps)
                                }
                            }
                        }
                    }
                }
                continue
            }
            let gp = g.ptr
            m[i].withUnsafeMutableBufferPointer { mb in
                v[i].withUnsafeMutableBufferPointer { vb in
                    p.value.withUnsafeMutableBufferPointer { pb in
                        let mp = SendablePointer(mb.baseAddress!), vp = SendablePointer(vb.baseAddress!)
                        let pp = SendablePointer(pb.baseAddress!), gs = SendablePointer(gp)
                        parallelFor(pb.count) { r in
                            for j in r {
                                let gj = gs.p[j]
                                let mj = b1 * mp.p[j] + (1 - b1) * gj
                                let vj = b2 * vp.p[j] + (1 - b2) * gj * gj
                                mp.p[j] = mj; vp.p[j] = vj
                                pp.p[j] = pp.p[j] * decay - lr * (mj / c1) / ((vj / c2).squareRoot() + eps)
                            }
                        }
                    }
                }
            }
        }
    }

    public func stateDict() -> (tensors: [String: Tensor], metadata: [String: String]) {
        var t: [String: Tensor] = [:]
        for (i, p) in parameters.enumerated() {
            t["exp_avg.\(p.name)"] = m[i]
            t["exp_avg_sq.\(p.name)"] = v[i]
        }
        return (t, ["optimizer": "AdamW", "step": "\(stepCount)", "lr": "\(learningRate)"])
    }

    public func loadStateDict(tensors: [String: Tensor], metadata: [String: String]) throws {
        guard metadata["optimizer"] == "AdamW", let s = metadata["step"].flatMap(Int.init) else {
            throw OptimizerStateError("optimizer state: not an AdamW state (metadata \(metadata))")
        }
        let newM = try parameters.map { try restore("exp_avg.\($0.name)", from: tensors, like: $0) }
        let newV = try parameters.map { try restore("exp_avg_sq.\($0.name)", from: tensors, like: $0) }
        m = newM; v = newV; stepCount = s
        if let lr = metadata["lr"].flatMap(Float.init) { learningRate = lr }
    }
}
