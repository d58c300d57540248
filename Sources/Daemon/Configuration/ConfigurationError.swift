/// A configuration that cannot be used, naming the file and key at fault.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The dotted key (`inbox.settle_seconds`), or nil for whole-file errors.
    public let key: String?
    public let message: String
    public let file: String?

    public init(key: String?, message: String, file: String? = nil) {
        self.key = key
        self.message = message
        self.file = file
    }

    public var description: String {
        let place = [file, key].compactMap { $0 }.joined(separator: ": ")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
