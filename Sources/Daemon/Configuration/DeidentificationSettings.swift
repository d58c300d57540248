public import Radiology

/// The `[deid]` section: de-identification of every report at ingest. Every key is documented in
/// `Config/m3clip.toml`.
public struct DeidentificationSettings: Sendable, Equatable {
    public var enabled: Bool
    /// Person names always replaced (exact words, e.g. the hospital's staff list).
    public var names: [String]
    /// Facility names always replaced ("Saint Elsewhere", case-insensitive words).
    public var facilities: [String]
    /// Move each study's dates by a per-study number of days (30–365, earlier or later) instead of
    /// replacing them, so intervals survive; the shift comes from the study key and `shiftSalt`.
    public var shiftDates: Bool
    /// The installation's secret for date shifts (required with `shiftDates`).
    public var shiftSalt: String

    /// The scrubber these settings describe; nil when off.
    public func makeDeidentifier() throws -> Deidentifier? {
        enabled ? try Deidentifier(extraNames: names, extraFacilities: facilities) : nil
    }

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> DeidentificationSettings {
        let shiftDates = try section.bool("shift_dates", default: false)
        let salt = try section.string("shift_salt", default: "")
        if shiftDates, salt.count < 16 {
            throw ConfigurationError(key: "deid.shift_salt", message: "shift_dates needs a secret of at least 16 characters (e.g. `openssl rand -hex 16`)")
        }
        return DeidentificationSettings(enabled: try section.bool("enabled", default: true),
                                        names: try section.strings("names", default: []),
                                        facilities: try section.strings("facilities", default: []),
                                        shiftDates: shiftDates, shiftSalt: salt)
    }
}
