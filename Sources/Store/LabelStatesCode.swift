public import Radiology

/// The store's text form of 14 observation labels: one character per observation in
/// `Observation.allCases` order — `1` positive, `0` negative, `u` uncertain, `.` not mentioned.
public enum LabelStatesCode {
    public static func encode(_ labels: ObservationLabels) -> String {
        String(Observation.allCases.map { observation -> Character in
            switch labels[observation] {
            case .positive: "1"
            case .negative: "0"
            case .uncertain: "u"
            case .notMentioned: "."
            }
        })
    }

    public static func decode(_ code: String) -> ObservationLabels? {
        let characters = Array(code)
        guard characters.count == Observation.allCases.count else { return nil }
        var labels = ObservationLabels()
        for (observation, character) in zip(Observation.allCases, characters) {
            switch character {
            case "1": labels[observation] = .positive
            case "0": labels[observation] = .negative
            case "u": labels[observation] = .uncertain
            case ".": labels[observation] = .notMentioned
            default: return nil
            }
        }
        return labels
    }
}
