/// The kind of a radiology report section. `preamble` holds text before any recognised header.
public enum ReportSectionKind: String, Sendable, Codable, CaseIterable {
    case preamble
    case indication
    case history
    case comparison
    case technique
    case findings
    case impression
    case conclusion

    /// Sections whose text describes the image and is therefore labeled and translated
    /// (CheXpert labels findings + impression; a conclusion is an impression by another name).
    public var describesImage: Bool {
        switch self {
        case .findings, .impression, .conclusion, .preamble: true
        case .indication, .history, .comparison, .technique: false
        }
    }
}

/// One section of a report: its kind, the header as written (nil for the preamble) and its text.
public struct ReportSection: Sendable, Codable, Hashable {
    public var kind: ReportSectionKind
    public var header: String?
    public var text: String

    public init(kind: ReportSectionKind, header: String? = nil, text: String) {
        self.kind = kind
        self.header = header
        self.text = text
    }
}
