import Radiology

/// One image of the corpus as a training run sees it (``CorpusStore/trainingRows(asOf:)``).
public struct TrainingImageRow: Sendable, Codable, Equatable {
    /// The `image` row's id (`image:<id>` is the item id derived labels use).
    public var imageId: Int64
    public var studyKey: String
    /// The image blob's content hash (hex): its bytes are at `StoreLayout.blobPath(for:)`.
    public var sha256: String
    public var width: Int
    public var height: Int
    public var addedVersion: Int
    /// The 14-character label code (``LabelStatesCode``) of the study's live report label as of the
    /// version; the labels of several live reports merged with CheXpert aggregation; nil when the
    /// study has no labeled report (an unpaired image).
    public var reportStates: String?
    /// True when `reportStates` is nil although the study has a live report: its labels are still
    /// to come (a report in another language awaiting its English pivot). False for an image whose
    /// study has no report at all.
    public var awaitingLabels: Bool

    public init(imageId: Int64, studyKey: String, sha256: String, width: Int, height: Int, addedVersion: Int, reportStates: String?,
                awaitingLabels: Bool = false) {
        self.imageId = imageId
        self.studyKey = studyKey
        self.sha256 = sha256
        self.width = width
        self.height = height
        self.addedVersion = addedVersion
        self.reportStates = reportStates
        self.awaitingLabels = awaitingLabels
    }

    /// The label code the image trains and is indexed with: its study's report labels; nothing
    /// mentioned (No Finding only) when the study has no report; nil while its report awaits labels.
    public var labelStates: String? {
        reportStates ?? (awaitingLabels ? nil : LabelStatesCode.encode(ObservationLabels()))
    }
}
