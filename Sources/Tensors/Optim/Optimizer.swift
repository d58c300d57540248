public import Foundation

/// What every optimizer offers: a step over its parameters, gradient reset, and its state as
/// named tensors so training can stop and resume exactly (see ``save(to:)`` / ``load(from:)``).
public protocol Optimizer: AnyObject {
    /// The parameters updated by ``step()``, in a fixed order.
    var parameters: [Parameter] { get }
    /// The learning rate the next ``step()`` uses (a schedule sets it before each step).
    var learningRate: Float { get set }
    /// Steps taken so far.
    var stepCount: Int { get }
    /// Applies one update from the accumulated gradients (parameters without a gradient are skipped).
    func step()
    /// The state as named tensors plus scalar metadata.
    func stateDict() -> (tensors: [String: Tensor], metadata: [String: String])
    /// Restores what ``stateDict()`` returned. Throws if names or shapes do not match.
    func loadStateDict(tensors: [String: Tensor], metadata: [String: String]) throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Writes the optimizer state as a safetensors file.
    public func save(to url: URL) throws {
        let (tensors, metadata) = stateDict()
        try SafeTensors.write(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: metadata, to: url)
    }

    /// Restores the optimizer state from a file written by ``save(to:)``.
    public func load(from url: URL) throws {
        let file = try SafeTensors(contentsOf: url)
        var tensors: [String: Tensor] = [:]
        for name in file.names { tensors[name] = try file.tensor(name) }
        try loadStateDict(tensors: tensors, metadata: file.metadata)
    }
}

/// Optimizer state that does not fit (missing tensor, wrong shape, bad metadata).
public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

func restore(_ name: String, from tensors: [String: Tensor], like p: Parameter) throws -> Tensor {
    guard let t = tensors[name] else { throw OptimizerStateError("optimizer state: missing \(name)") }
    guard t.shape == p.value.shape else {
        throw OptimizerStateError("optimizer state: \(name) has shape \(t.shape), parameter \(p.name) has \(p.value.shape)")
    }
    return t
}

func checkUniqueNames(_ parameters: [Parameter]) {
    precondition(Set(parameters.map(\.name)).count == parameters.count, "optimizer: parameter names must be unique")
}
