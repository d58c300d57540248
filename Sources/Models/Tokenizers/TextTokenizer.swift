/// Turns text into token ids, specials included (`<s> … </s>`).
public protocol TextTokenizer: Sendable {
    /// The id used to pad a batch.
    var padID: Int32 { get }
    /// Number of ids the tokenizer can produce.
    var vocabularySize: Int { get }
    /// The ids of one text with its special tokens, at most `maxLength` long (the content is
    /// truncated, the closing special kept).
    func encode(_ text: String, maxLength: Int) -> [Int32]
    /// `<mask>`'s id, for masked-language modelling; nil when the vocabulary has none.
    var maskID: Int32? { get }
    /// Ids that are never masked, predicted or drawn as a random replacement: `<s>`, `</s>`,
    /// `<pad>`, `<unk>`, `<mask>` and any other special the tokenizer adds.
    var specialIDs: Set<Int32> { get }
    /// Whether token `id` starts a word (whole-word masking masks a word's tokens together).
    func beginsWord(_ id: Int32) -> Bool
}

extension TextTokenizer {
    /// Encodes every text and pads them into one batch.
    public func batch(_ texts: [String], maxLength: Int) -> TokenBatch {
        TokenBatch(texts.map { encode($0, maxLength: maxLength) }, padID: padID)
    }
}

/// Truncates `content` so that `prefix + content + suffix` fits in `maxLength`.
func withSpecials(_ prefix: [Int32], _ content: [Int32], _ suffix: [Int32], maxLength: Int) -> [Int32] {
    let room = max(0, maxLength - prefix.count - suffix.count)
    return prefix + content.prefix(room) + suffix
}
