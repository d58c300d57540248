import Foundation

/// How DICOM text bytes become a String: UTF-8 when Specific Character Set says ISO_IR 192 or the
/// bytes are valid UTF-8 (ASCII is), else ISO 8859-1 (ISO_IR 100, the most common single-byte set).
enum DICOMText {
    static let padding = CharacterSet(charactersIn: " \0")

    static func decode(_ bytes: ArraySlice<UInt8>, utf8: Bool) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if utf8 { return String(decoding: bytes, as: UTF8.self) }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// Whether a Specific Character Set value names UTF-8.
    static func isUTF8(_ characterSet: String?) -> Bool {
        characterSet?.uppercased().contains("ISO_IR 192") == true
    }
}
