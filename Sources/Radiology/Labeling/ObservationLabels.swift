/// One ``LabelState`` per CheXpert observation: the labels of a sentence or of a whole report.
///
/// Stored packed (two bits per observation), so labeling allocates nothing per sentence.
public struct ObservationLabels: Sendable, Hashable, Codable, CustomStringConvertible {
    private var packed: UInt32 = 0

    /// All observations not mentioned.
    public init() {}

    /// Labels from explicit states; unlisted observations are not mentioned.
    public init(_ states: [Observation: LabelState]) {
        for (observation, state) in states { self[observation] = state }
    }

    public subscript(_ observation: Observation) -> LabelState {
        get { self[index: observation.index] }
        set { self[index: observation.index] = newValue }
    }

    subscript(index index: Int) -> LabelState {
        @inline(__always) get { LabelState(rawValue: Int8(truncatingIfNeeded: (packed >> (2 &* UInt32(index))) & 3))! }
        @inline(__always) set {
            let shift = 2 &* UInt32(index)
            packed = (packed & ~(3 << shift)) | (UInt32(UInt8(newValue.rawValue)) << shift)
        }
    }

    /// States in ``Observation`` order (`states[o.index]`).
    public var states: [LabelState] { (0..<Observation.allCases.count).map { self[index: $0] } }

    /// The observations that are mentioned, with their states, in CheXpert order.
    public var mentioned: [(Observation, LabelState)] {
        Observation.allCases.compactMap { self[$0] == .notMentioned ? nil : ($0, self[$0]) }
    }

    /// Merges `other` into these labels with CheXpert's aggregation (see ``LabelState/merged(with:)``).
    public mutating func merge(_ other: ObservationLabels) {
        guard other.packed != 0 else { return }
        for index in 0..<Observation.allCases.count {
            self[index: index] = self[index: index].merged(with: other[index: index])
        }
    }

    /// CheXpert's CSV cells in column order: `1.0`, `0.0`, `-1.0` or empty.
    public var chexpertCells: [String] {
        states.map { state in
            switch state {
            case .notMentioned: ""
            case .positive: "1.0"
            case .negative: "0.0"
            case .uncertain: "-1.0"
            }
        }
    }

    public var description: String {
        let parts = mentioned.map { "\($0.0.rawValue)=\($0.1.chexpertValue.map(String.init) ?? "")" }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// Encoded as an object from CheXpert names to CheXpert values (1, 0, -1), mentioned only.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([String: Int].self)
        for (name, value) in values {
            guard let observation = Observation(rawValue: name), let state = LabelState(chexpertValue: value) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "'\(name)': \(value) is not a CheXpert observation and value"))
            }
            self[observation] = state
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: mentioned.compactMap { pair in
            pair.1.chexpertValue.map { (pair.0.rawValue, $0) }
        }))
    }
}
