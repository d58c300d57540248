/// A checkpoint, encoder folder or tokenizer file that cannot be read or does not fit the model.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
