/// The `[retention]` section: what garbage collection (`m3clip gc`, `ctl gc`) keeps. Every key is
/// documented in `Config/m3clip.toml`.
public struct RetentionSettings: Sendable, Equatable {
    /// The newest this many corpus versions stay reconstructible (besides tagged versions and the
    /// versions of kept models and indexes).
    public var versions: Int
    /// The newest this many published indexes are kept (besides current and tagged ones).
    public var indexes: Int
    /// The newest this many model folders are kept (besides current and those of kept indexes).
    public var models: Int

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> RetentionSettings {
        RetentionSettings(versions: try section.integer("versions", default: 20, in: 1...1_000_000),
                          indexes: try section.integer("indexes", default: 3, in: 1...10_000),
                          models: try section.integer("models", default: 3, in: 1...10_000))
    }
}
