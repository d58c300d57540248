/// The 14 CheXpert observations, in CheXpert's column order (DESIGN.md §4).
///
/// The raw value is the CheXpert column name ("Pleural Effusion"); ``fileStem`` is the name of the
/// observation's mention lexicon in `Resources/Mentions/` (`pleural_effusion.txt`).
public enum Observation: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case noFinding = "No Finding"
    case enlargedCardiomediastinum = "Enlarged Cardiomediastinum"
    case cardiomegaly = "Cardiomegaly"
    case lungLesion = "Lung Lesion"
    case lungOpacity = "Lung Opacity"
    case edema = "Edema"
    case consolidation = "Consolidation"
    case pneumonia = "Pneumonia"
    case atelectasis = "Atelectasis"
    case pneumothorax = "Pneumothorax"
    case pleuralEffusion = "Pleural Effusion"
    case pleuralOther = "Pleural Other"
    case fracture = "Fracture"
    case supportDevices = "Support Devices"

    /// The observation's position in CheXpert's column order (0 = No Finding).
    public var index: Int {
        switch self {
        case .noFinding: 0
        case .enlargedCardiomediastinum: 1
        case .cardiomegaly: 2
        case .lungLesion: 3
        case .lungOpacity: 4
        case .edema: 5
        case .consolidation: 6
        case .pneumonia: 7
        case .atelectasis: 8
        case .pneumothorax: 9
        case .pleuralEffusion: 10
        case .pleuralOther: 11
        case .fracture: 12
        case .supportDevices: 13
        }
    }

    /// Ordered as CheXpert's columns.
    public static func < (lhs: Observation, rhs: Observation) -> Bool { lhs.index < rhs.index }

    /// Findings that make a lung opacity on a film (CheXpert's Lung Opacity hierarchy).
    public static let opacityTypes: [Observation] = [.lungLesion, .edema, .consolidation, .pneumonia, .atelectasis]

    /// The CheXpert column name, e.g. "Pleural Effusion".
    public var chexpertName: String { rawValue }

    /// The lexicon file stem: the CheXpert name in lower case with underscores.
    public var fileStem: String {
        rawValue.lowercased().split(separator: " ").joined(separator: "_")
    }

    /// The observation whose CheXpert name or file stem is `name` (any case, spaces, `_` or `-`).
    public init?(name: String) {
        let key = Observation.normalise(name)
        guard let match = Observation.allCases.first(where: { Observation.normalise($0.rawValue) == key }) else {
            return nil
        }
        self = match
    }

    /// Observations that are findings in their own right, i.e. all but No Finding.
    public static let findings: [Observation] = allCases.filter { $0 != .noFinding }

    private static func normalise(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter })
    }
}
