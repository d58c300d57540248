/// The `[hl7]` section: the optional MLLP listener that takes HL7 v2 results straight from a
/// hospital interface engine. Every key is documented in `Config/m3clip.toml`.
public struct HL7Settings: Sendable, Equatable {
    /// `host:port` to listen on; nil: no listener (the default).
    public var listen: ListenAddress?
    /// Larger messages are refused (AR) and the connection closed.
    public var maxMessageBytes: Int

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> HL7Settings {
        let text = try section.string("listen", default: "")
        var listen: ListenAddress?
        if !text.isEmpty {
            do { listen = try ListenAddress(parsing: text) } catch { throw ConfigurationError(key: "hl7.listen", message: error.message) }
        }
        return HL7Settings(listen: listen, maxMessageBytes: try section.integer("max_message_bytes", default: 4 << 20, in: 1024...(1 << 30)))
    }
}
