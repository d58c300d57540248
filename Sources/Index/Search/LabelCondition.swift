import Foundation

/// A filter on one CheXpert observation: the row's label state must be one of `states`.
///
/// Written `NAME=STATES` on the command line and in the API: `Pleural Effusion=1`,
/// `edema=1u` (positive or uncertain), `Cardiomegaly=0`, `Fracture=.` (not mentioned). The name is
/// matched case-insensitively against ``IndexRow/observationNames`` (or is its 0-based position);
/// `-1` is accepted for uncertain, as in CheXpert's CSV files. A row without labels matches no
/// condition.
public struct LabelCondition: Sendable, Equatable, Hashable {
    /// Position in ``IndexRow/observationNames``.
    public var observation: Int
    /// Allowed label characters: `1`, `0`, `u`, `.`.
    public var states: Set<Character>

    public init(observation: Int, states: Set<Character>) throws(IndexError) {
        guard IndexRow.observationNames.indices.contains(observation) else {
            throw IndexError("observation index \(observation) is not in 0..<\(IndexRow.observationNames.count)")
        }
        guard !states.isEmpty, states.isSubset(of: IndexRow.labelStates) else {
            throw IndexError("label states must be some of 1, 0, u, . (got '\(String(states.sorted()))')")
        }
        self.observation = observation
        self.states = states
    }

    /// Parses `NAME=STATES`.
    public init(parsing text: String) throws(IndexError) {
        guard let equals = text.lastIndex(of: "=") else { throw IndexError("label filter '\(text)' is not NAME=STATE") }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        var stateText = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces).lowercased()
        stateText = stateText.replacingOccurrences(of: "-1", with: "u")
        let observation: Int
        if let index = IndexRow.observationNames.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
            observation = index
        } else if let index = Int(name) {
            observation = index
        } else {
            throw IndexError("unknown observation '\(name)' (expected one of: \(IndexRow.observationNames.joined(separator: ", ")))")
        }
        try self.init(observation: observation, states: Set(stateText))
    }

    public func matches(_ row: IndexRow) -> Bool {
        guard let state = row.labelState(observation) else { return false }
        return states.contains(state)
    }
}
