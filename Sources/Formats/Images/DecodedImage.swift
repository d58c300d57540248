/// A decoded radiograph: its header facts and its pixels as grey levels.
public struct DecodedImage: Sendable {
    /// `png` or `jpeg`.
    public var format: String
    public var width: Int
    public var height: Int
    /// Bits per sample in the file (1–16).
    public var bitsPerSample: Int
    /// The file's colour model in DICOM's words: `MONOCHROME2`, `RGB`, `RGBA`, `PALETTE`, `YBR`.
    /// Colour images are converted to grey when decoded.
    public var photometric: String
    public var pixels: GreyPixels
}

/// Grey levels, row-major, top row first: 8-bit or 16-bit as the file was.
public enum GreyPixels: Sendable, Equatable {
    case eight([UInt8])
    case sixteen([UInt16])

    public var count: Int {
        switch self {
        case .eight(let values): values.count
        case .sixteen(let values): values.count
        }
    }

    /// Every value scaled to 0…1.
    public func normalized() -> [Float] {
        switch self {
        case .eight(let values): values.map { Float($0) / 255 }
        case .sixteen(let values): values.map { Float($0) / 65_535 }
        }
    }
}
