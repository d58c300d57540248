/// Reverse mode: the one `switch` that turns a recorded op and the gradient of its output into the
/// gradients of its inputs. Entries of `needs` say which inputs are tracked; an input that is not
/// gets `nil` and no work is done for it.
enum Backward {
    static func gradients(_ op: Op, grad g: Tensor, saved: [Tensor], inputShapes: [[Int]], needs: [Bool]) -> [Tensor?] {
        switch op {
        case .matmul(let tA, let tB):
            return matmulBackward(g: g, a: saved[0], b: saved[1], tA: tA, tB: tB, needs: needs)
        case .linear:
            return linearBackward(g: g, x: saved[0], w: saved[1], needs: needs)
        case .add: return binaryBackward(.add, g: g, saved: saved, shapes: inputShapes, needs: needs)
        case .sub: return binaryBackward(.sub, g: g, saved: saved, shapes: inputShapes, needs: needs)
        case .mul: return binaryBackward(.mul, g: g, saved: saved, shapes: inputShapes, needs: needs)
        case .div: return binaryBackward(.div, g: g, saved: saved, shapes: inputShapes, needs: needs)
        case .addScalar:
            return [g]
        case .mulScalar(let s):
            return [scaled(g, s)]
        case .powScalar(let p):
            return [powBackward(x: saved[0], g: g, p: p)]
        case .unary(let f):
            return [unaryBackward(f, saved: saved[0], g: g)]
        case .clamp(let lo, let hi):
            return [clampBackward(x: saved[0], g: g, lo: lo, hi: hi)]
        case .softmax(let axis):
            return [softmaxBackward(y: saved[0], g: g, axis: axis, log: false)]
        case .logSoftmax(let axis):
            return [softmaxBackward(y: saved[0], g: g, axis: axis, log: true)]
        case .layerNorm:
            return layerNormBackward(g: g, xhat: saved[0], rstd: saved[1], weight: saved[2], needs: needs)
        case .dropout:
            return [rawBinary(.mul, g, saved[0])]
        case .reshape:
            return [Tensor(shape: inputShapes[0], storage: g.storage)]
        case .permute(let perm):
            var inverse = [Int](repeating: 0, count: perm.count)
            for (i, p) in perm.enumerated() { inverse[p] = i }
            return [permuteRaw(g, inverse)]
        case .concat(let axis):
            return concatBackward(g: g, axis: axis, shapes: inputShapes, needs: needs)
        case .slice(let axis, let start):
            let dim = inputShapes[0][axis]
            return [g.detached.padded(axis: axis, before: start, after: dim - start - g.shape[axis])]
        case .roll(let shifts, let axes):
            return [rollRaw(g, shifts: shifts.map { -$0 }, axes: axes)]
        case .pad(let axis, let before):
            return [g.detached.slice(axis: axis, before..<(before + inputShapes[0][axis]))]
        case .sum(let axes):
            return [sumBackward(g: g, axes: axes, inputShape: inputShapes[0])]
        case .l2Normalize:
            return [l2NormalizeBackward(g: g, y: saved[0], norms: saved[1], eps: saved[2].item)]
        case .maskedFill:
            return [maskedFillBackward(g: g, mask: saved[0]), nil]
        case .gather(let axis, let indices):
            return [scatterRaw(g, axis: axis, indices: indices, size: inputShapes[0][axis])]
        case .scatter(let axis, let indices):
            return [gather(g.detached, axis: axis, indices: indices)]
        case .crossEntropy:
            return crossEntropyBackward(g: g, logp: saved[0], targets: saved[1], needs: needs)
        }
    }
}
