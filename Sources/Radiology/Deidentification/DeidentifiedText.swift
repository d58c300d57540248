/// A text with its identifiers replaced by typed placeholders, and how many of each kind.
public struct DeidentifiedText: Sendable, Equatable {
    public var text: String
    public var counts: [PHIKind: Int]

    public var total: Int { counts.values.reduce(0, +) }
}
