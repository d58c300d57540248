public import Radiology

extension ObservationLabels {
    /// What an item shows for the sampler's finding-aware draws: its positive observations, or
    /// *No Finding* when it states none (as its label vector then reads).
    public var findings: [Observation] {
        let positive = Observation.allCases.filter { $0 != .noFinding && self[$0] == .positive }
        return positive.isEmpty ? [.noFinding] : positive
    }
}
