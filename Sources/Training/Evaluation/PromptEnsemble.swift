import Foundation
public import Radiology

/// MedCLIP's zero-shot prompt ensembles, per language: for each of the five evaluation classes, the
/// phrases `severity × subtype × location` (for example "small" × "linear atelectasis" × "at the
/// left lung base"), and for the self-training policy a pair of present/absent phrase lists per
/// observation.
///
/// The phrases are data, in `Resources/prompts.json`:
/// `{"version": 1, "languages": {"eng_Latn": {"joiner": " ", "Atelectasis": {"severity": […],
/// "subtype": […], "location": […]}, …, "selfTrained": {"Consolidation": {"present": […],
/// "absent": […]}, …}}, …}}`. Empty strings in `severity` and `location` stand for "no such
/// part"; the non-empty parts of a prompt are joined with the language's `joiner` (a space, or
/// nothing for Chinese). Loading checks that every language has all five classes with at least
/// one phrase in each part.
public struct PromptEnsemble: Sendable {
    /// The five classes of the CheXpert-5×200 zero-shot protocol, in class-index order.
    public static let classNames = ["Atelectasis", "Cardiomegaly", "Consolidation", "Edema", "Pleural Effusion"]

    /// The file format version this code reads.
    static let formatVersion = 1

    /// The five class names, in class-index order (``classNames``).
    public var classes: [String] { Self.classNames }

    /// The languages with prompts (FLORES-200 codes), sorted.
    public let languages: [String]

    /// language → class → the whole cross product, in file order (severity outermost, location
    /// innermost), duplicates removed.
    private let crossProducts: [String: [String: [String]]]
    /// language → observation name → (present, absent) phrases.
    private let selfTrained: [String: [String: (present: [String], absent: [String])]]

    /// The ensemble shipped with the module (`Resources/prompts.json`).
    public static func load() throws -> PromptEnsemble {
        guard let url = Bundle.module.url(forResource: "prompts", withExtension: "json", subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the module's Resources/prompts.json is missing"])
        }
        return try PromptEnsemble(json: Data(contentsOf: url))
    }

    /// Reads and checks an ensemble in the `prompts.json` format.
    init(json: Data) throws {
        let file = try JSONDecoder().decode(PromptFile.self, from: json)
        guard file.version == Self.formatVersion else {
            throw Self.invalid("version \(file.version); this build reads version \(Self.formatVersion)")
        }
        var crossProducts: [String: [String: [String]]] = [:]
        var selfTrained: [String: [String: (present: [String], absent: [String])]] = [:]
        for (language, entry) in file.languages {
            var perClass: [String: [String]] = [:]
            for className in Self.classNames {
                guard let parts = entry.classes[className] else {
                    throw Self.invalid("\(language) has no prompts for \(className)")
                }
                guard !parts.severity.isEmpty, !parts.subtype.isEmpty, !parts.location.isEmpty else {
                    throw Self.invalid("\(language) \(className): severity, subtype and location each need at least one entry")
                }
                perClass[className] = Self.crossProduct(parts, joiner: entry.joiner)
            }
            if let unknown = entry.classes.keys.first(where: { !Self.classNames.contains($0) }) {
                throw Self.invalid("\(language) has prompts for '\(unknown)', which is not one of \(Self.classNames)")
            }
            for name in entry.selfTrained.keys where Observation(rawValue: name) == nil {
                throw Self.invalid("\(language) selfTrained: '\(name)' is not a CheXpert observation")
            }
            crossProducts[language] = perClass
            selfTrained[language] = entry.selfTrained.mapValues { ($0.present, $0.absent) }
        }
        self.languages = crossProducts.keys.sorted()
        self.crossProducts = crossProducts
        self.selfTrained = selfTrained
    }

    /// The prompts for `className` in `language`: the cross product `severity × subtype ×
    /// location`, in a fixed order. With a `limit` smaller than the product, an evenly spread
    /// subset of that many (indices ⌊i·count/limit⌋, so the first, bare phrase is always kept).
    /// An unknown class or language gives no prompts.
    public func prompts(for className: String, language: String, limit: Int? = nil) -> [String] {
        guard let all = crossProducts[language]?[className] else { return [] }
        guard let limit, limit < all.count else { return all }
        precondition(limit >= 0, "PromptEnsemble.prompts: limit \(limit) is negative")
        return (0..<limit).map { all[$0 * all.count / limit] }
    }

    /// The phrases saying that `observation` is present and absent, for the U-SelfTrained policy
    /// (predict with the model, use the probability of "present"). Empty lists when the language
    /// has none for that observation (English has all 14).
    public func selfTrainedPrompts(for observation: Observation, language: String = "eng_Latn") -> (present: [String], absent: [String]) {
        selfTrained[language]?[observation.rawValue] ?? ([], [])
    }

    private static func crossProduct(_ parts: PromptFile.ClassParts, joiner: String) -> [String] {
        var seen = Set<String>()
        var prompts: [String] = []
        for severity in parts.severity {
            for subtype in parts.subtype {
                for location in parts.location {
                    let prompt = [severity, subtype, location]
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { !$0.isEmpty }
                        .joined(separator: joiner)
                    if !prompt.isEmpty, seen.insert(prompt).inserted { prompts.append(prompt) }
                }
            }
        }
        return prompts
    }

    private static func invalid(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "prompts.json: \(message)"))
    }
}

/// The on-disk layout of `prompts.json`.
private struct PromptFile: Decodable {
    struct ClassParts: Decodable {
        let severity: [String]
        let subtype: [String]
        let location: [String]
    }

    struct PresentAbsent: Decodable {
        let present: [String]
        let absent: [String]
    }

    /// One language's object: `joiner`, `selfTrained`, and one key per class.
    struct Language: Decodable {
        let joiner: String
        let classes: [String: ClassParts]
        let selfTrained: [String: PresentAbsent]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: NameKey.self)
            var joiner: String?
            var classes: [String: ClassParts] = [:]
            var selfTrained: [String: PresentAbsent] = [:]
            for key in container.allKeys {
                switch key.stringValue {
                case "joiner": joiner = try container.decode(String.self, forKey: key)
                case "selfTrained": selfTrained = try container.decode([String: PresentAbsent].self, forKey: key)
                default: classes[key.stringValue] = try container.decode(ClassParts.self, forKey: key)
                }
            }
            guard let joiner else {
                throw DecodingError.keyNotFound(NameKey(stringValue: "joiner"),
                                                .init(codingPath: decoder.codingPath, debugDescription: "each language needs a joiner"))
            }
            self.joiner = joiner
            self.classes = classes
            self.selfTrained = selfTrained
        }
    }

    struct NameKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    let version: Int
    let languages: [String: Language]
}
