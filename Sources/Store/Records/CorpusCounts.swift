/// How much the corpus held as of one version.
public struct CorpusCounts: Codable, Sendable, Equatable {
    public var version: Int
    public var studies: Int
    public var reports: Int
    public var images: Int
    /// Live reports per language (FLORES-200 code).
    public var reportsByLanguage: [String: Int]
}
