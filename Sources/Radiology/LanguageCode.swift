/// A FLORES-200 language code such as `eng_Latn` or `zho_Hans`: an ISO 639-3 language, an
/// underscore and an ISO 15924 script.
public struct LanguageCode: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public static let english = LanguageCode(validated: "eng_Latn")

    /// Returns nil unless `code` has the FLORES-200 shape (`xxx_Xxxx`).
    public init?(_ code: String) {
        let bytes = Array(code.utf8)
        guard bytes.count == 8, bytes[3] == UInt8(ascii: "_") else { return nil }
        for (index, byte) in bytes.enumerated() where index != 3 {
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            switch index {
            case 0...2, 5...7: guard isLower else { return nil }
            default: guard isUpper else { return nil }
            }
        }
        rawValue = code
    }

    private init(validated: String) { rawValue = validated }

    /// The ISO 15924 script part (`Latn`, `Hans`, …).
    public var script: Substring { rawValue.dropFirst(4) }

    public var description: String { rawValue }

    public static func < (lhs: LanguageCode, rhs: LanguageCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = LanguageCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a FLORES-200 code such as eng_Latn"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
