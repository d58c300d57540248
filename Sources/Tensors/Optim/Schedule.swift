/// Linear warm-up from 0 to `peak` over `warmupSteps`, then cosine decay to `minimum` at
/// `totalSteps` (and `minimum` after). A value type: the learning rate is a function of the step,
/// so resuming needs only the step count.
public struct WarmupCosineSchedule: Sendable {
    public let peak: Float, minimum: Float
    public let warmupSteps: Int, totalSteps: Int

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, minimum: Float = 0) {
        precondition(totalSteps > 0 && warmupSteps >= 0 && warmupSteps <= totalSteps,
                     "WarmupCosineSchedule: need 0 ≤ warmupSteps (\(warmupSteps)) ≤ totalSteps (\(totalSteps)), totalSteps > 0")
        self.peak = peak; self.minimum = minimum; self.warmupSteps = warmupSteps; self.totalSteps = totalSteps
    }

    /// The learning rate for 0-based `step`.
    public func learningRate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        if step >= totalSteps { return minimum }
        let progress = Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps))
        return minimum + (peak - minimum) * Float(0.5 * (1 + _cos(Double.pi * progress)))
    }
}

/// Scales all gradients so that their global L2 norm is at most `maxNorm` (PyTorch
/// `clip_grad_norm_`). Returns the norm before clipping. A row-sparse gradient is read and scaled
/// in its touched rows only (the rest are zero).
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    var total: Double = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        if let rows = p.gradRows {
            let d = g.shape[1]
            for r in rows { total += Double(ReduceKernel.dot(g.ptr + r * d, g.ptr + r * d, d)) }
        } else {
            total += Double(ReduceKernel.dot(g.ptr, g.ptr, g.count))
        }
    }
    let norm = Float(total.squareRoot())
    let scale = maxNorm / (norm + 1e-6)
    if scale < 1 {
        for p in parameters {
            guard let g = p.grad else { continue }
            if let rows = p.gradRows {
                let d = g.shape[1]
                for r in rows { for j in 0..<d { g.ptr[r * d + j] *= scale } } // in place: the buffer is kept
            } else {
                p.grad = scaled(g, scale)
            }
        }
    }
    return norm
}
