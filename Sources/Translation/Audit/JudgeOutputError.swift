/// The judge's answer could not be read as scores.
public struct JudgeOutputError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
