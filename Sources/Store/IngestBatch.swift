public import Foundation
public import Radiology

/// One file of a study, hashed, whose bytes are already in the blob store (`BlobStore.write`).
public struct IncomingFile: Sendable {
    public var name: String
    public var originalPath: String
    public var size: Int
    public var hash: ContentHash
    public var arrivedAt: Date

    public init(name: String, originalPath: String, size: Int, hash: ContentHash, arrivedAt: Date = Date()) {
        self.name = name
        self.originalPath = originalPath
        self.size = size
        self.hash = hash
        self.arrivedAt = arrivedAt
    }
}

/// A controlled-vocabulary term attached to a report (Open-i's MeSH major/automatic terms).
public struct ReportTerm: Sendable, Codable, Hashable {
    public var vocabulary: String
    public var term: String
    public var isMajor: Bool

    public init(vocabulary: String, term: String, isMajor: Bool) {
        self.vocabulary = vocabulary
        self.term = term
        self.isMajor = isMajor
    }
}

public struct IncomingReport: Sendable {
    public var file: IncomingFile
    /// The part's name inside the study (its file name); a later part with the same name and
    /// other bytes replaces it in a new version.
    public var partName: String
    /// `plain-text`, `openi-xml`, …
    public var format: String
    public var report: Report
    public var terms: [ReportTerm]
    /// The labeler's output for an English report, and the labeler's version. A report in another
    /// language carries its sentences with no labels and no labeler version: its sentences are
    /// stored unlabeled (labeler version `none`) until the English pivot labels them.
    public var labels: ReportLabels?
    public var labelerVersion: String?
    /// Identifiers de-identification replaced in `report`, by kind (`name`, `date`, …); the
    /// original text is the blob of `file`.
    public var phi: [String: Int] = [:]

    public init(file: IncomingFile, partName: String, format: String, report: Report, terms: [ReportTerm] = [],
                labels: ReportLabels? = nil, labelerVersion: String? = nil) {
        self.file = file
        self.partName = partName
        self.format = format
        self.report = report
        self.terms = terms
        self.labels = labels
        self.labelerVersion = labelerVersion
    }
}

public struct IncomingImage: Sendable {
    public var file: IncomingFile
    public var partName: String
    /// `png`, `jpeg`, …
    public var format: String
    public var width: Int
    public var height: Int
    public var bitsPerSample: Int
    /// DICOM-style photometric interpretation of the source (`MONOCHROME2`, `RGB`, …).
    public var photometric: String
    /// `PA`, `AP`, `LATERAL`, … when known.
    public var view: String?
    /// Acquisition tags of a DICOM image (`modality`, `body_part`, `view_position`, `study_date`,
    /// `manufacturer`); empty for other formats.
    public var acquisition: [String: String]

    public init(file: IncomingFile, partName: String, format: String, width: Int, height: Int,
                bitsPerSample: Int, photometric: String, view: String?, acquisition: [String: String] = [:]) {
        self.file = file
        self.partName = partName
        self.format = format
        self.width = width
        self.height = height
        self.bitsPerSample = bitsPerSample
        self.photometric = photometric
        self.view = view
        self.acquisition = acquisition
    }
}

/// Everything of one study that arrived together.
public struct IncomingStudy: Sendable {
    public var key: String
    public var accession: String?
    public var reports: [IncomingReport]
    public var images: [IncomingImage]
    /// Names of images the report refers to (Open-i `parentImage` ids) that may arrive later.
    public var imageReferences: [String]
    /// Metadata files kept with the study (stored as source files of role `sidecar`).
    public var sidecars: [IncomingFile] = []

    public init(key: String, accession: String? = nil, reports: [IncomingReport] = [], images: [IncomingImage] = [],
                imageReferences: [String] = []) {
        self.key = key
        self.accession = accession
        self.reports = reports
        self.images = images
        self.imageReferences = imageReferences
    }
}

/// What one commit stores: it becomes one new corpus version (unless it adds nothing).
public struct IngestBatch: Sendable {
    public var studies: [IncomingStudy]
    /// Files of this batch that went to quarantine (recorded on the version row).
    public var quarantinedCount: Int
    public var note: String?

    public init(studies: [IncomingStudy], quarantinedCount: Int = 0, note: String? = nil) {
        self.studies = studies
        self.quarantinedCount = quarantinedCount
        self.note = note
    }
}

/// What a commit did.
public struct CommitResult: Sendable, Codable, Equatable {
    /// The new corpus version, or nil when the batch added nothing (all duplicates).
    public var version: Int?
    public var studiesAdded = 0
    public var studiesUpdated = 0
    public var reportsAdded = 0
    public var imagesAdded = 0
    public var filesAdded = 0
    public var rowsRemoved = 0
    public var duplicates = 0
    /// Study keys that gained something, in batch order.
    public var touchedStudies: [String] = []

    public init() {}
}
