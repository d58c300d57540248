/// The second byte of the JPEG markers (ITU T.81 Table B.1) the decoder acts on. Plain constants
/// rather than an enum: a codestream may carry any byte here, and unknown ones must be skipped,
/// not rejected.
enum JPEGMarker {
    static let startOfImage: UInt8 = 0xD8
    static let endOfImage: UInt8 = 0xD9
    static let startOfScan: UInt8 = 0xDA
    static let defineQuantizationTables: UInt8 = 0xDB
    static let defineNumberOfLines: UInt8 = 0xDC
    static let defineRestartInterval: UInt8 = 0xDD
    static let defineHierarchicalProgression: UInt8 = 0xDE
    static let expandReference: UInt8 = 0xDF
    static let defineHuffmanTables: UInt8 = 0xC4
    static let defineArithmeticConditioning: UInt8 = 0xCC
    static let restart0: UInt8 = 0xD0
    /// TEM: the one marker outside RST0…7, SOI and EOI that has no length field.
    static let temporary: UInt8 = 0x01

    /// SOF0…SOF15 are 0xC0…0xCF except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    static func isRestart(_ marker: UInt8) -> Bool { marker >= 0xD0 && marker <= 0xD7 }

    /// The coding process a SOF marker announces, for messages about the ones not supported.
    static func processName(_ marker: UInt8) -> String {
        switch marker {
        case 0xC0: "baseline DCT (SOF0)"
        case 0xC1: "extended sequential DCT, Huffman (SOF1)"
        case 0xC2: "progressive DCT, Huffman (SOF2)"
        case 0xC3: "lossless, Huffman (SOF3)"
        case 0xC5, 0xC6, 0xC7: "hierarchical (differential) Huffman (SOF\(marker - 0xC0))"
        case 0xC9: "extended sequential DCT, arithmetic (SOF9)"
        case 0xCA: "progressive DCT, arithmetic (SOF10)"
        case 0xCB: "lossless, arithmetic (SOF11)"
        default: "hierarchical arithmetic (SOF\(marker - 0xC0))"
        }
    }
}
