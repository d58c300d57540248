/// The corpus as of one version, as rows a training run loads (``CorpusStore/trainingRows(asOf:)``).
public struct TrainingRows: Sendable, Codable, Equatable {
    /// The corpus version the rows are as of.
    public var version: Int
    /// Live images, by image id.
    public var images: [TrainingImageRow]
    /// Live sentences (by sentence id), then kept translations of the English ones.
    public var texts: [TrainingTextRow]

    public init(version: Int, images: [TrainingImageRow], texts: [TrainingTextRow]) {
        self.version = version
        self.images = images
        self.texts = texts
    }
}
