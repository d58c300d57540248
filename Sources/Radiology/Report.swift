/// A radiology report as text in sections, in one language.
public struct Report: Sendable, Codable, Hashable {
    public var language: LanguageCode
    public var sections: [ReportSection]

    public init(language: LanguageCode, sections: [ReportSection]) {
        self.language = language
        self.sections = sections
    }

    /// Splits `text` into sections with `splitter`.
    public init(text: String, language: LanguageCode, splitter: SectionSplitter = SectionSplitter()) {
        self.init(language: language, sections: splitter.split(text))
    }

    public func section(_ kind: ReportSectionKind) -> ReportSection? {
        sections.first { $0.kind == kind }
    }

    /// The text a labeler reads: findings and impression (or conclusion); the whole report when it
    /// has neither.
    public var imageDescription: String {
        let described = sections.filter { $0.kind == .findings || $0.kind == .impression || $0.kind == .conclusion }
        let chosen = described.isEmpty ? sections.filter { $0.kind.describesImage } : described
        return chosen.map(\.text).joined(separator: "\n")
    }
}
