/// The metadata of one row of a published index: line `i` of `images.jsonl` / `texts.jsonl`
/// describes row `i` of the matching matrix.
///
/// One JSON object a line with snake_case keys, every key always present (`null` where absent), so
/// `pandas.read_json(path, lines=True)` gives the same columns for every file:
///
/// ```json
/// {"corpus_version":12,"labels":"1..0..u.......","language":"eng_Latn","modality":"text","part":"sentence:812","sentence_id":812,"study":"CXR1234","text":"Small left pleural effusion."}
/// ```
///
/// Labels are the store's 14-character code (`Store.LabelStatesCode`): one character per CheXpert
/// observation in ``observationNames`` order, `1` positive, `0` negative, `u` uncertain, `.` not
/// mentioned. A string rather than a name→state map: fixed width, 14 bytes a row instead of ~300,
/// comparable with `==`, and sliceable in pandas (`df.labels.str[10] == "1"`).
public struct IndexRow: Codable, Sendable, Equatable, Hashable {
    public enum Modality: String, Codable, Sendable, CaseIterable {
        case image
        case text

        /// The stem of the modality's files: `images` / `texts`.
        public var fileStem: String { "\(rawValue)s" }
    }

    /// The 14 CheXpert observations in label-code order (CheXpert's column order).
    public static let observationNames = [
        "No Finding", "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity", "Edema", "Consolidation",
        "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture", "Support Devices",
    ]
    /// The characters a label code may hold.
    public static let labelStates: Set<Character> = ["1", "0", "u", "."]

    public var modality: Modality
    /// The study key the row belongs to.
    public var study: String
    /// The store item the row embeds: `image:<id>`, `sentence:<id>` or `translation:<id>`.
    public var part: String
    /// The report sentence the text comes from (for a translation: its English source sentence);
    /// nil for images.
    public var sentenceID: Int64?
    /// FLORES-200 code of the text (`eng_Latn`, `swh_Latn`, …); nil for images.
    public var language: String?
    /// The sentence or translation; nil for images.
    public var text: String?
    /// The 14-character label code; nil where the row has no labels (an unpaired image, a sentence
    /// still awaiting its labels).
    public var labels: String?
    /// The corpus version that added the row's item.
    public var corpusVersion: Int

    public init(modality: Modality, study: String, part: String, sentenceID: Int64? = nil, language: String? = nil,
                text: String? = nil, labels: String? = nil, corpusVersion: Int) {
        self.modality = modality
        self.study = study
        self.part = part
        self.sentenceID = sentenceID
        self.language = language
        self.text = text
        self.labels = labels
        self.corpusVersion = corpusVersion
    }

    /// The label state character (`1`, `0`, `u`, `.`) of observation `index`, nil without labels.
    public func labelState(_ index: Int) -> Character? {
        guard let labels, index >= 0, index < labels.utf8.count else { return nil }
        return Character(Unicode.Scalar(labels.utf8[labels.utf8.index(labels.utf8.startIndex, offsetBy: index)]))
    }

    /// Whether `code` is a well-formed 14-character label code.
    public static func isLabelCode(_ code: String) -> Bool {
        code.count == observationNames.count && code.allSatisfy { labelStates.contains($0) }
    }

    enum CodingKeys: String, CodingKey {
        case modality, study, part, language, text, labels
        case sentenceID = "sentence_id"
        case corpusVersion = "corpus_version"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modality, forKey: .modality)
        try container.encode(study, forKey: .study)
        try container.encode(part, forKey: .part)
        try container.encode(sentenceID, forKey: .sentenceID)
        try container.encode(language, forKey: .language)
        try container.encode(text, forKey: .text)
        try container.encode(labels, forKey: .labels)
        try container.encode(corpusVersion, forKey: .corpusVersion)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        modality = try container.decode(Modality.self, forKey: .modality)
        study = try container.decode(String.self, forKey: .study)
        part = try container.decode(String.self, forKey: .part)
        sentenceID = try container.decodeIfPresent(Int64.self, forKey: .sentenceID)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        labels = try container.decodeIfPresent(String.self, forKey: .labels)
        corpusVersion = try container.decode(Int.self, forKey: .corpusVersion)
        if let labels, !Self.isLabelCode(labels) {
            throw DecodingError.dataCorruptedError(forKey: .labels, in: container,
                                                   debugDescription: "'\(labels)' is not a 14-character label code of 1, 0, u and .")
        }
    }
}
