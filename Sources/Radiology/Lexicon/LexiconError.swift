/// A problem in a lexicon file, found when the lexicon loads.
public struct LexiconError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (relative to the lexicon folder) and 1-based line, when the problem has one.
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
