/// A tape for reverse-mode automatic differentiation.
///
/// Usage:
/// ```swift
/// let tape = Tape()
/// let w = tape.watch(weight)            // a Parameter → a tracked tensor
/// let logits = linear(x, weight: w, bias: tape.watch(bias))
/// let loss = crossEntropy(logits, targets: y)
/// tape.backward(loss)                   // weight.grad, bias.grad now hold ∂loss/∂·
/// ```
/// Each op on a tracked tensor appends one node (its ``Op``, its input variables and the values
/// its backward needs). ``backward(_:seed:)`` walks the nodes once in reverse, frees each node's
/// saved activations as soon as its gradient has been propagated, and adds the gradients of
/// parameters into ``Parameter/grad``. A tape is used for one backward; make a new one for the next
/// micro-batch (parameters keep accumulating until ``Parameter/zeroGrad()``).
///
/// Without a tape nothing is recorded: that is inference mode.
public final class Tape {
    struct Node {
        let op: Op
        let inputs: [Int]      // variable ids, −1 for constants
        let saved: [Tensor]    // detached tensors the backward needs
        let inputShapes: [[Int]]
    }

    private var nodes: [Node?] = []
    private var params: [Parameter?] = []
    private var watchedResults: [Int: Tensor] = [:]
    private var watchedIDs: Set<Int> = []
    private var paramIDs: [ObjectIdentifier: Int] = [:]
    private var consumed = false

    public init() {}

    /// Number of variables recorded so far.
    public var count: Int { nodes.count }

    /// A tracked view of a parameter's value. Watching the same parameter twice gives the same
    /// variable.
    public func watch(_ parameter: Parameter) -> Tensor {
        if let id = paramIDs[ObjectIdentifier(parameter)] {
            return Tensor(shape: parameter.value.shape, storage: parameter.value.storage, tape: self, id: id)
        }
        let id = newVariable(node: nil, param: parameter)
        paramIDs[ObjectIdentifier(parameter)] = id
        return Tensor(shape: parameter.value.shape, storage: parameter.value.storage, tape: self, id: id)
    }

    /// A tracked leaf for a plain tensor; its gradient is available from ``gradient(of:)`` after
    /// ``backward(_:seed:)``.
    public func watch(_ tensor: Tensor) -> Tensor {
        let id = newVariable(node: nil, param: nil)
        watchedIDs.insert(id)
        return Tensor(shape: tensor.shape, storage: tensor.storage, tape: self, id: id)
    }

    /// The gradient reaching a tensor returned by ``watch(_:)-(Tensor)``, after backward.
    public func gradient(of tensor: Tensor) -> Tensor? {
        precondition(tensor.tape === self, "gradient(of:): tensor is not tracked by this tape")
        return watchedResults[tensor.id]
    }

    private func newVariable(node: Node?, param: Parameter?) -> Int {
        precondition(!consumed, "Tape: already used for backward; make a new tape per step")
        nodes.append(node)
        params.append(param)
        return nodes.count - 1
    }

    func append(_ op: Op, inputs: [Tensor], saved: [Tensor], output: Tensor) -> Tensor {
        let node = Node(op: op, inputs: inputs.map { $0.tape === self ? $0.id : -1 },
                        saved: saved.map(\.detached), inputShapes: inputs.map(\.shape))
        let id = newVariable(node: node, param: nil)
        return Tensor(shape: output.shape, storage: output.storage, tape: self, id: id)
    }

    /// Propagates gradients from `output` back to every watched tensor and parameter.
    ///
    /// - Parameter seed: ∂L/∂output; defaults to ones (so a scalar loss gets 1).
    public func backward(_ output: Tensor, seed: Tensor? = nil) {
        precondition(output.tape === self, "backward: the output is not tracked by this tape (did you forget to watch a parameter?)")
        precondition(!consumed, "backward: this tape was already used; make a new tape per step")
        consumed = true
        var grads = [Tensor?](repeating: nil, count: nodes.count)
        if let seed {
            precondition(seed.shape == output.shape, "backward: seed shape \(seed.shape) != output shape \(output.shape)")
            grads[output.id] = seed.detached
        } else {
            grads[output.id] = Tensor.ones(output.shape)
        }
        // Row gradients of row-sparse parameters (lookups), by variable: added at the parameter.
        var rowGrads: [Int: [(rows: [Int], values: Tensor)]] = [:]
        for i in stride(from: output.id, through: 0, by: -1) {
            if let p = params[i] {
                if let g = grads[i] { p.accumulate(g) }
                for piece in rowGrads[i] ?? [] { p.accumulateRows(piece.rows, piece.values) }
                grads[i] = nil
                rowGrads[i] = nil
                continue
            }
            guard let g = grads[i] else { nodes[i] = nil; continue }
            grads[i] = nil
            if watchedIDs.contains(i) { watchedResults[i] = g }
            guard let node = nodes[i] else { continue }
            nodes[i] = nil // release saved activations now
            if case .gather(0, let indices) = node.op, let input = node.inputs.first, input >= 0,
               let p = params[input], p.sparseGradient, p.value.rank == 2 {
                rowGrads[input, default: []].append((indices, g.detached))
                continue
            }
            let needs = node.inputs.map { $0 >= 0 }
            let inputGrads = Backward.gradients(node.op, grad: g, saved: node.saved,
                                                inputShapes: node.inputShapes, needs: needs)
            for (k, input) in node.inputs.enumerated() where input >= 0 {
                guard let gk = inputGrads[k] else { continue }
                precondition(gk.shape == node.inputShapes[k],
                             "backward of \(node.op.name): gradient shape \(gk.shape) != input shape \(node.inputShapes[k])")
                if grads[input] == nil { grads[input] = gk.detached } else { grads[input]!.addInPlace(gk) }
            }
        }
        nodes.removeAll()
        params.removeAll()
    }
}

/// Records `op` on the tape of the tracked inputs, if any; otherwise returns `output` unchanged.
@inline(__always)
func record(_ op: @autoclosure () -> Op, _ inputs: [Tensor], saved: @autoclosure () -> [Tensor] = [], _ output: Tensor) -> Tensor {
    var tape: Tape? = nil
    for t in inputs {
        if let tt = t.tape {
            precondition(tape == nil || tape === tt, "\(op().name): inputs are tracked by different tapes")
            tape = tt
        }
    }
    guard let tape else { return output }
    return tape.append(op(), inputs: inputs, saved: saved(), output: output)
}
