public import Radiology

/// A report read from a file, with whatever study facts the format carries.
public struct DecodedReport: Sendable {
    /// `plain-text`, `openi-xml`, …
    public var format: String
    public var report: Report
    /// The study key the file names (Open-i `uId`), if any.
    public var studyKey: String?
    /// Images the report names (Open-i `parentImage` ids, without extension).
    public var imageReferences: [String]
    /// MeSH terms (Open-i `major` / `automatic`).
    public var meshTerms: [(term: String, isMajor: Bool)]

    public init(format: String, report: Report, studyKey: String? = nil, imageReferences: [String] = [],
                meshTerms: [(term: String, isMajor: Bool)] = []) {
        self.format = format
        self.report = report
        self.studyKey = studyKey
        self.imageReferences = imageReferences
        self.meshTerms = meshTerms
    }
}
