public import Foundation
public import Index
public import Models
public import Radiology
public import Training

/// A training snapshot for the PyTorch trainer (`Workers/trainer`): the corpus as of one version,
/// exactly as the Swift trainer would see it, in files Python reads without m3clip.
///
/// - `snapshot.json`: `format` (`m3clip-training-snapshot`), `version` 1, `corpus_version`,
///   `replay_before` (the parent model's corpus version, or null), `image_size`,
///   `label_dimension` (28), `pixels` / `pixel_dtype`, `tokenizer` (`bytes` or `tokenizer.json`),
///   `max_text_length`, `trainer` (the run's ``TrainerSettings`` as JSON), `counts`, `created_at`;
/// - `items.jsonl`: one JSON object per item — images `{"kind":"image","id","study","study_index",
///   "labels","added_version","eval","row","sha256"}`, texts `{"kind":"text","id","study",
///   "study_index","language","text","labels","origin","added_version","eval"}`. `labels` is the
///   28-value label vector with the run's uncertainty policies and negative weight applied
///   (``TrainingLabels/weightedValues(id:labels:)``), or null while the study awaits labels (the
///   trainer then gives the study its own channel); `eval` marks the held-out evaluation split;
///   `findings` (observation indices: the positive ones, or No Finding's) steers the sampler's
///   finding-aware draws; `affirmative` (texts) allows word augmentations; `pending` lists U-SelfTrained observations awaiting a probability;
/// - `images.npy`: `[images, side × side]` grey squares in 0…1 (float16 by default), row `row` for
///   each image item: decoded from every format the store holds (DICOM included), padded and
///   resized once here, so the worker only augments and normalises;
/// - `tokenizer.json` when the model uses one.
public struct TrainingSnapshot {
    public static let format = "m3clip-training-snapshot"

    public let corpus: TrainingCorpus
    public let evaluationSplit: EvaluationSplit
    public let labels: TrainingLabels
    public let settings: TrainerSettings
    public let replayBefore: Int?
    public let config: M3CLIPConfig
    /// The model's tokenizer (its `tokenizer.json` is copied when it has one).
    public let tokenizer: any TextTokenizer
    public var pixelType = EmbeddingDType.float16
    /// U-SelfTrained's present / absent prompts per observation (``SelfTrainedLabeler``), for the
    /// worker's phase switch; nil: none exported (the worker then leaves pending labels ignored).
    public var selfTrainedPrompts: ((Observation) -> (present: [String], absent: [String]))?

    public init(corpus: TrainingCorpus, evaluationSplit: EvaluationSplit, labels: TrainingLabels, settings: TrainerSettings,
                replayBefore: Int?, config: M3CLIPConfig, tokenizer: any TextTokenizer) {
        self.corpus = corpus
        self.evaluationSplit = evaluationSplit
        self.labels = labels
        self.settings = settings
        self.replayBefore = replayBefore
        self.config = config
        self.tokenizer = tokenizer
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var images = 0, texts = 0, evaluationImages = 0, evaluationTexts = 0
        public var bytes = 0
    }

    /// Writes the snapshot into `folder` (created; must not exist or be empty), through a sibling
    /// temporary folder renamed into place.
    @discardableResult
    public func write(to folder: URL) throws -> Summary {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw TrainingError("\(folder.path) exists and is not empty")
        }
        let side = config.vision.imageSize
        for image in corpus.images where image.side != side {
            throw TrainingError("image \(image.id) is \(image.side) px, the model takes \(side)")
        }
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let temp = parent.appendingPathComponent(".\(folder.lastPathComponent).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: temp, withIntermediateDirectories: false)
        do {
            let summary = try writeContents(to: temp, side: side)
            try? fm.removeItem(at: folder)
            try fm.moveItem(at: temp, to: folder)
            return summary
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
    }

    private func writeContents(to folder: URL, side: Int) throws -> Summary {
        var summary = Summary()
        var studyIndex: [String: Int] = [:]
        func index(of study: String) -> Int {
            if let i = studyIndex[study] { return i }
            studyIndex[study] = studyIndex.count
            return studyIndex.count - 1
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = Data()
        var pendingObservations = Set<Observation>()
        var pixels = [Float]()
        pixels.reserveCapacity(corpus.images.count * side * side)
        for (row, image) in corpus.images.enumerated() {
            let held = evaluationSplit.contains(image.studyKey)
            var item = Item(kind: "image", id: image.id, study: image.studyKey, studyIndex: index(of: image.studyKey),
                            labels: image.labels.map { labels.weightedValues(id: image.id, labels: $0) },
                            addedVersion: image.addedVersion, eval: held, row: row, sha256: image.source)
            item.pending = pendingIndices(id: image.id, labels: image.labels, into: &pendingObservations)
            item.findings = image.labels.map { $0.findings.map(\.index) }
            lines.append(try encoder.encode(item))
            lines.append(0x0A)
            pixels += image.pixels
            summary.images += 1
            if held { summary.evaluationImages += 1 }
        }
        for text in corpus.texts {
            let held = evaluationSplit.contains(text.studyKey)
            var item = Item(kind: "text", id: text.id, study: text.studyKey, studyIndex: index(of: text.studyKey),
                            labels: text.labels.map { labels.weightedValues(id: text.id, labels: $0) },
                            addedVersion: text.addedVersion, eval: held, language: text.language, text: text.text,
                            origin: text.origin.rawValue)
            item.pending = pendingIndices(id: text.id, labels: text.labels, into: &pendingObservations)
            item.findings = text.labels.map { $0.findings.map(\.index) }
            item.affirmative = TextAugmenter.wordsMayChange(text.labels)
            lines.append(try encoder.encode(item))
            lines.append(0x0A)
            summary.texts += 1
            if held { summary.evaluationTexts += 1 }
        }
        try lines.write(to: folder.appendingPathComponent("items.jsonl"))
        let digest = try NumpyArray.write(pixels, columns: side * side, dtype: pixelType,
                                          to: folder.appendingPathComponent("images.npy").path)
        if let hf = tokenizer as? HuggingFaceTokenizer {
            try hf.json.write(to: folder.appendingPathComponent("tokenizer.json"))
        }
        let trainer = try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings))
        var languages: [String: Int] = [:]
        for text in corpus.texts where !evaluationSplit.contains(text.studyKey) { languages[text.language, default: 0] += 1 }
        let meta: [String: Any] = [
            "format": Self.format, "version": 1, "corpus_version": corpus.version,
            "replay_before": replayBefore.map { $0 as Any } ?? NSNull(), "image_size": side,
            "label_dimension": LabelVector.dimension, "pixels": "images.npy", "pixel_dtype": pixelType.rawValue,
            "tokenizer": config.tokenizer.rawValue, "max_text_length": config.maxTextLength, "trainer": trainer,
            "observations": Observation.allCases.map(\.rawValue),
            "negative_label_weight": Double(labels.negativeWeight),
            "self_trained_prompts": selfTrainedPromptTable(pendingObservations),
            "counts": ["images": summary.images, "texts": summary.texts, "eval_images": summary.evaluationImages,
                       "eval_texts": summary.evaluationTexts, "train_texts_by_language": languages],
            "created_at": ISO8601DateFormatter().string(from: Date()),
        ]
        try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys])
            .write(to: folder.appendingPathComponent("snapshot.json"))
        summary.bytes = lines.count + Int(digest.size)
        return summary
    }

    /// The item's U-SelfTrained observations still without a probability, as observation indices
    /// (nil when none), noting them in `seen`.
    private func pendingIndices(id: String, labels itemLabels: ObservationLabels?, into seen: inout Set<Observation>) -> [Int]? {
        let pending = labels.pending(id: id, labels: itemLabels)
        guard !pending.isEmpty else { return nil }
        seen.formUnion(pending)
        return pending.map(\.index)
    }

    /// `{"<observation index>": {"present": […], "absent": […]}}` for the observations pending anywhere.
    private func selfTrainedPromptTable(_ observations: Set<Observation>) -> [String: [String: [String]]] {
        guard let selfTrainedPrompts else { return [:] }
        var table: [String: [String: [String]]] = [:]
        for observation in observations {
            let (present, absent) = selfTrainedPrompts(observation)
            if !present.isEmpty && !absent.isEmpty { table[String(observation.index)] = ["present": present, "absent": absent] }
        }
        return table
    }

    /// One line of `items.jsonl`.
    struct Item: Encodable {
        var kind: String
        var id: String
        var study: String
        var studyIndex: Int
        var labels: [Float]?
        var addedVersion: Int
        var eval: Bool
        var row: Int?
        var sha256: String?
        var language: String?
        var text: String?
        var origin: String?
        /// U-SelfTrained observations (indices) waiting for a probability.
        var pending: [Int]?
        /// What the sampler's finding-aware draws go by (``ObservationLabels/findings``):
        /// observation indices; nil while awaiting labels.
        var findings: [Int]?
        /// Texts: nothing negated or uncertain, so word augmentations keep the meaning
        /// (``TextAugmenter/wordsMayChange(_:)``).
        var affirmative: Bool?

        enum CodingKeys: String, CodingKey {
            case kind, id, study, studyIndex = "study_index", labels, addedVersion = "added_version", eval, row, sha256
            case language, text, origin, pending, findings, affirmative
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(id, forKey: .id)
            try c.encode(study, forKey: .study)
            try c.encode(studyIndex, forKey: .studyIndex)
            try c.encode(labels, forKey: .labels) // null while awaiting labels
            try c.encode(addedVersion, forKey: .addedVersion)
            try c.encode(eval, forKey: .eval)
            try c.encodeIfPresent(row, forKey: .row)
            try c.encodeIfPresent(sha256, forKey: .sha256)
            try c.encodeIfPresent(language, forKey: .language)
            try c.encodeIfPresent(text, forKey: .text)
            try c.encodeIfPresent(origin, forKey: .origin)
            try c.encodeIfPresent(pending, forKey: .pending)
            try c.encodeIfPresent(findings, forKey: .findings)
            try c.encodeIfPresent(affirmative, forKey: .affirmative)
        }
    }
}
