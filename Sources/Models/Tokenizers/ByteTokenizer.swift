/// The `tiny` preset's tokenizer: UTF-8 bytes plus XLM-R's specials. It needs no training or
/// file and covers every language (a non-Latin character costs 2–4 tokens).
///
/// Ids: `<s>` 0, `<pad>` 1, `</s>` 2, `<unk>` 3, byte `b` → `b + 4`, `<mask>` 260.
/// Text is NFC-normalised first so that composed and decomposed accents tokenize alike.
public struct ByteTokenizer: TextTokenizer {
    public static let bos: Int32 = 0, pad: Int32 = 1, eos: Int32 = 2, unk: Int32 = 3, mask: Int32 = 260
    /// 256 bytes, 4 specials before them and `<mask>` after.
    public static let vocabularySize = 261

    public init() {}

    public var padID: Int32 { Self.pad }
    public var vocabularySize: Int { Self.vocabularySize }
    public var maskID: Int32? { Self.mask }
    public var specialIDs: Set<Int32> { [Self.bos, Self.pad, Self.eos, Self.unk, Self.mask] }

    /// A space byte starts a word (it belongs to the word after it, as XLM-R's `▁` does); so does
    /// the first byte after a special, which the masker treats as a start anyway.
    public func beginsWord(_ id: Int32) -> Bool { id == Int32(UInt8(ascii: " ")) + 4 }

    public func encode(_ text: String, maxLength: Int) -> [Int32] {
        let bytes = text.precomposedNFC.utf8.map { Int32($0) + 4 }
        return withSpecials([Self.bos], bytes, [Self.eos], maxLength: maxLength)
    }

    /// The text of `ids`, specials dropped, invalid UTF-8 repaired.
    public func decode(_ ids: [Int32]) -> String {
        String(decoding: ids.compactMap { $0 >= 4 && $0 < 260 ? UInt8($0 - 4) : nil }, as: UTF8.self)
    }
}
