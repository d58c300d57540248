/// A kind of protected health information the de-identifier replaces, and its placeholder.
public enum PHIKind: String, Sendable, Codable, CaseIterable, Hashable {
    case name, date, time, id, phone, email, url, ip, address, age, facility

    /// What replaces it in the text: `[NAME]`, `[DATE]`, …
    public var placeholder: String { "[\(rawValue.uppercased())]" }
}
