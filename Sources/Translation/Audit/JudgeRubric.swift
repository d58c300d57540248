/// The fixed, versioned instructions the LLM judge scores a translation by (3M-CLIP's audit:
/// accuracy, fluency and contextual consistency, 1–5). The version is stored with every score, so
/// scores from two rubrics are never mixed: a changed word in the prompt is a new version.
public struct JudgeRubric: Sendable, Equatable {
    public let version: String
    public let system: String
    private let userTemplate: String

    /// The rubric `m3clip translate audit judge` uses unless configured otherwise.
    public static let current = JudgeRubric.v1

    public static let all: [JudgeRubric] = [.v1]

    public static func named(_ version: String) -> JudgeRubric? { all.first { $0.version == version } }

    public static let v1 = JudgeRubric(
        version: "rubric-v1",
        system: """
            You are a bilingual radiologist auditing machine translations of chest X-ray report sentences. \
            Score the translation against the source on three scales from 1 (worst) to 5 (best):
            - accuracy: the clinical meaning is preserved. Every finding, negation, uncertainty, laterality, \
            size and location is kept; nothing is added or dropped. A flipped negation or a wrong side is 1.
            - fluency: the translation reads as natural, grammatical text a radiologist in that language would write.
            - consistency: terminology and register fit a radiology report in that language (standard \
            medical terms, no untranslated source words unless customary, no mixed scripts).
            Answer with one JSON object and nothing else:
            {"accuracy": <1-5>, "fluency": <1-5>, "consistency": <1-5>, "reason": "<one short sentence>"}
            """,
        userTemplate: """
            Source ({source_language}):
            {source}

            Translation ({target_language}):
            {translation}
            """)

    /// The user message for one pair. Languages are given by name and code (`German (deu_Latn)`).
    public func userMessage(source: String, translation: String, sourceLanguage: String, targetLanguage: String) -> String {
        // One pass over the template: a placeholder inside the report text is never expanded.
        var result = ""
        var rest = Substring(userTemplate)
        let values = ["{source_language}": sourceLanguage, "{target_language}": targetLanguage,
                      "{source}": source, "{translation}": translation]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            if let (placeholder, value) = values.first(where: { rest[open...].hasPrefix($0.key) }) {
                result += value
                rest = rest[rest.index(open, offsetBy: placeholder.count)...]
            } else {
                result += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }
}
