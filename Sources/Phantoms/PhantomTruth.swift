public import Radiology
public import Foundation

/// How severe a drawn finding is. Uncertain findings are drawn at `borderline` severity.
public enum Severity: String, Codable, Sendable, CaseIterable {
    case borderline, mild, moderate, severe
}

/// One finding as it was drawn: the parameters a test or a report needs to know.
public struct DrawnFinding: Codable, Sendable {
    public var finding: Finding
    public var state: FindingState
    public var severity: Severity
    public var side: BodySide?
    /// A lobe, a device list, "nodule" or "mass", "lateral" or "apical"… (English, for reports).
    public var detail: String?
    /// Measured drawing parameters, in normalised film units unless the key says otherwise
    /// (`…MM` millimetres on a 43 cm film, `…Ratio` dimensionless, `…Px` pixels).
    public var parameters: [String: Double]

    init(_ finding: Finding, _ state: FindingState, severity: Severity, side: BodySide? = nil,
         detail: String? = nil, parameters: [String: Double] = [:]) {
        self.finding = finding
        self.state = state
        self.severity = severity
        self.side = side
        self.detail = detail
        self.parameters = parameters
    }
}

/// Everything known about one phantom, written next to it as `truth.json`.
/// It says `"synthetic": true` so the image is never mistaken for a patient's.
public struct PhantomTruth: Codable, Sendable {
    public var synthetic = true
    public var generator = "m3clip phantom v1 (synthetic chest radiograph, not a patient image)"
    public var seed: UInt64
    public var width: Int
    public var height: Int
    /// Every one of the 14 CheXpert observations: `positive`, `negative`, `uncertain` or `absent`.
    public var labels: [String: FindingState]
    /// CheXpert coding of the same: 1, 0, -1, or null when not mentioned.
    public var chexpert: [String: Int?]
    public var anatomy: ChestAnatomy
    /// Pixel measurements of the drawn anatomy in the unrotated frame.
    public var measurements: [String: Double]
    public var findings: [DrawnFinding]
    /// The study folder this phantom belongs to, when written as a study.
    public var study: String? = nil
    /// Languages of the reports written beside it.
    public var reportLanguages: [String]? = nil
    /// Where the report text came from when it is a real report (for example `iu-xray-dev uid 12`).
    public var reportSource: String? = nil

    /// The labels in CheXpert order.
    public var findingLabels: FindingLabels {
        var result = FindingLabels()
        for (name, state) in labels { if let finding = Finding(rawValue: name) { result[finding] = state } }
        return result
    }

    /// Sorted-key, pretty-printed JSON (byte-identical for the same seed).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
