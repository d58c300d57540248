public import Radiology

/// The `[deid]` section: de-identification of every report at ingest. Every key is documented in
/// `Config/m3clip.toml`.
public struct DeidentificationSettings: Sendable, Equatable {
    public var enabled: Bool
    /// Person names always replaced (exact words, e.g. the hospital's staff list).
    public var names: [String]
    /// Facility names always replaced ("Saint Elsewhere", case-insensitive words).
    public var facilities: [String]

    /// The scrubber these settings describe; nil when off.
    public func makeDeidentifier() throws -> Deidentifier? {
        enabled ? try Deidentifier(extraNames: names, extraFacilities: facilities) : nil
    }

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> DeidentificationSettings {
        DeidentificationSettings(enabled: try section.bool("enabled", default: true),
                                 names: try section.strings("names", default: []),
                                 facilities: try section.strings("facilities", default: []))
    }
}
