/// A training run that cannot start or cannot go on (no data, a NaN loss, a bad setting, an
/// unreadable run folder). The message says which and why.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
