public import Radiology

/// One image the trainer can draw: its study, the labels of its study's report, and its pixels,
/// already padded to a square and resized to the encoder's input size (grey, 0…1, row-major), so
/// that a step only augments and normalises.
public struct TrainingImage: Sendable {
    /// A stable identifier across runs (the store's `image:<id>`), used for derived labels.
    public let id: String
    public let studyKey: String
    /// The study's report labels (CheXpert states); not mentioned everywhere for an image with no
    /// report; nil while the study's report awaits its labels (a report in another language not
    /// yet labeled through its English translation): such an image trains only in true pairs.
    public var labels: ObservationLabels?
    /// The corpus version that added the image (replay draws from versions a parent model saw).
    public let addedVersion: Int
    /// `side × side` grey values in 0…1.
    public let pixels: [Float]
    public let side: Int
    /// Where the pixels came from (the store's blob hash), carried into training snapshots.
    public var source: String?

    public init(id: String, studyKey: String, labels: ObservationLabels?, addedVersion: Int, pixels: [Float], side: Int,
                source: String? = nil) {
        precondition(pixels.count == side * side, "TrainingImage \(id): \(pixels.count) pixels for side \(side)")
        self.id = id
        self.studyKey = studyKey
        self.labels = labels
        self.addedVersion = addedVersion
        self.pixels = pixels
        self.side = side
        self.source = source
    }
}
