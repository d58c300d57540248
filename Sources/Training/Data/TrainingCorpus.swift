/// Everything one training run draws from: the images and texts of the corpus as of one version.
/// Built by the layer that reads the store (the daemon's loader); the trainer only reads it.
public struct TrainingCorpus: Sendable {
    /// The corpus version the items come from.
    public let version: Int
    public var images: [TrainingImage]
    public var texts: [TrainingText]

    public init(version: Int, images: [TrainingImage], texts: [TrainingText]) {
        self.version = version
        self.images = images
        self.texts = texts
    }

    /// The items of studies in (or out of) the evaluation split.
    public func split(_ split: EvaluationSplit, evaluation: Bool) -> TrainingCorpus {
        TrainingCorpus(version: version,
                       images: images.filter { split.contains($0.studyKey) == evaluation },
                       texts: texts.filter { split.contains($0.studyKey) == evaluation })
    }

    /// Item counts per language (texts) and for images, as `training.json` records them.
    public var countsByLanguage: [String: Int] {
        var counts: [String: Int] = [:]
        for text in texts { counts[text.language, default: 0] += 1 }
        return counts
    }
}
