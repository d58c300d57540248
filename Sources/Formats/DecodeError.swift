/// Why a file could not be decoded. The code is stable and machine-readable (it names quarantine
/// entries); new codes can be added without breaking callers.
public struct DecodeError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let emptyFile = Code("empty-file")
        public static let invalidUTF8 = Code("invalid-utf8")
        public static let binaryText = Code("binary-text")
        public static let malformedXML = Code("malformed-xml")
        public static let forbiddenDTD = Code("forbidden-dtd")
        public static let malformedJSON = Code("malformed-json")
        public static let notOpenI = Code("not-openi")
        public static let malformedHL7 = Code("malformed-hl7")
        public static let notAReport = Code("not-a-report")
        public static let notAnImage = Code("not-an-image")
        public static let truncatedImage = Code("truncated-image")
        public static let imageTooLarge = Code("image-too-large")
        public static let unsupportedImage = Code("unsupported-image")
        public static let unsupportedFormat = Code("unsupported-format")
        public static let fileTooLarge = Code("file-too-large")
        /// A DICOM file whose structure is broken: a bad preamble or file meta, an element that
        /// runs past the end, a missing transfer syntax.
        public static let malformedDICOM = Code("malformed-dicom")
        /// Compressed pixel data the codec rejects (a damaged codestream inside a sound file).
        public static let corruptImage = Code("corrupt-image")
    }

    public let code: Code
    /// The decoder that failed: `plain-text`, `openi-xml`, `png`, `jpeg`, …
    public let decoder: String
    public let message: String

    public init(_ code: Code, decoder: String, _ message: String) {
        self.code = code
        self.decoder = decoder
        self.message = message
    }

    public var description: String { "\(decoder): \(message)" }
}
