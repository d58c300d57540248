internal import Foundation
public import Radiology

/// The 14 CheXpert observations: the labeler's `Observation` (one table for the whole project).
public typealias Finding = Observation

/// What a report says about one finding, with CheXpert's numeric coding.
public enum FindingState: String, Codable, Sendable, CaseIterable {
    case positive, negative, uncertain, absent

    /// CheXpert's value: 1, 0, -1, or nil (blank) when the report does not mention it.
    public var chexpertValue: Int? {
        switch self {
        case .positive: 1
        case .negative: 0
        case .uncertain: -1
        case .absent: nil
        }
    }

    /// Parses `1`, `0`, `-1`, blank, or a state name (`positive`, `neg`, `u`, …).
    public init?(code: String) {
        switch code.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "1.0", "positive", "pos", "p": self = .positive
        case "0", "0.0", "negative", "neg", "n": self = .negative
        case "-1", "-1.0", "uncertain", "u": self = .uncertain
        case "", "absent", "blank", "none": self = .absent
        default: return nil
        }
    }
}

/// The state of every finding in one study; unspecified findings are `.absent`.
public struct FindingLabels: Hashable, Sendable {
    private var states: [Finding: FindingState] = [:]

    public init() {}

    public init(_ states: [Finding: FindingState]) {
        for (finding, state) in states { self[finding] = state }
    }

    public subscript(_ finding: Finding) -> FindingState {
        get { states[finding] ?? .absent }
        set { states[finding] = newValue == .absent ? nil : newValue }
    }

    /// Findings with the given state, in CheXpert order.
    public func findings(_ state: FindingState) -> [Finding] {
        Finding.allCases.filter { self[$0] == state }
    }

    /// True when the finding is positive or uncertain, that is, drawn on the film.
    public func isDrawn(_ finding: Finding) -> Bool {
        let state = self[finding]
        return state == .positive || state == .uncertain
    }

    /// Applies CheXpert's consistency rules: Lung Opacity is positive when an opacity-type finding
    /// is, and No Finding is positive exactly when nothing but Support Devices is positive or
    /// uncertain (and negative otherwise).
    public func normalised() -> FindingLabels {
        var labels = self
        if Finding.opacityTypes.contains(where: { labels[$0] == .positive }) {
            labels[.lungOpacity] = .positive
        } else if labels[.lungOpacity] == .absent, Finding.opacityTypes.contains(where: { labels[$0] == .uncertain }) {
            labels[.lungOpacity] = .uncertain
        }
        let abnormal = Finding.allCases.contains { $0 != .noFinding && $0 != .supportDevices && labels.isDrawn($0) }
        labels[.noFinding] = abnormal ? .absent : .positive
        return labels
    }

    /// Parses `"Cardiomegaly=1,Pleural Effusion=-1"` (states as `1`, `0`, `-1` or names).
    public init(parsing text: String) throws {
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, let finding = Finding(name: name) else {
                throw PhantomError("unknown finding in '\(item)'; expected one of: "
                    + Finding.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let code = parts.count > 1 ? parts[1] : "1"
            guard let state = FindingState(code: code) else {
                throw PhantomError("unknown state '\(code)' for \(finding.rawValue); use 1, 0, -1 or blank")
            }
            self[finding] = state
        }
    }
}

/// A request to the phantom generator could not be carried out.
public struct PhantomError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
