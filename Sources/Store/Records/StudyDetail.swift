/// Everything the store holds about one study, across versions (for `m3clip show`).
public struct StudyDetail: Codable, Sendable, Equatable {
    public struct Section: Codable, Sendable, Equatable {
        public var kind: String
        public var header: String?
        public var text: String
    }

    public struct ReportPart: Codable, Sendable, Equatable {
        public var id: Int64
        public var partName: String
        public var format: String
        public var language: String
        public var sha256: String
        public var addedVersion: Int
        public var removedVersion: Int?
        public var sections: [Section]
        public var terms: [ReportTerm]
        /// Identifiers de-identification replaced in `sections`, by kind.
        public var phi: [String: Int]
    }

    public struct ImagePart: Codable, Sendable, Equatable {
        public var id: Int64
        public var partName: String
        public var format: String
        public var sha256: String
        public var width: Int
        public var height: Int
        public var bitsPerSample: Int
        public var photometric: String
        public var view: String?
        /// DICOM acquisition tags (`modality`, `body_part`, …); empty for PNG and JPEG.
        public var acquisition: [String: String]
        public var addedVersion: Int
        public var removedVersion: Int?
    }

    public var id: Int64
    public var key: String
    public var accession: String?
    public var addedVersion: Int
    public var removedVersion: Int?
    /// Every version in which this study gained or lost a part, ascending.
    public var versions: [Int]
    public var reports: [ReportPart]
    public var images: [ImagePart]
    /// Images the report names that have not arrived yet.
    public var awaitedImages: [String]
}
