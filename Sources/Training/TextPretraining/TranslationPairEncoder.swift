public import Models

/// Translation language modelling's input (XLM, Lample & Conneau 2019) in XLM-R's pair layout:
/// `<s> sentence </s></s> translation </s>`, so a masked word on one side can be read off the
/// other. XLM-R has no language embeddings; positions simply continue into the second sentence
/// (what `XLMRobertaModel` computes for a pair; XLM reset them, XLM-R's pair template does not).
/// When the pair is too long, the longer side loses tokens first; both keep their specials.
public struct TranslationPairEncoder: Sendable {
    public let maxLength: Int

    public init(maxLength: Int) {
        precondition(maxLength >= 8, "TranslationPairEncoder: room for the specials and a token of each side")
        self.maxLength = maxLength
    }

    public func encode(_ sentence: String, _ translation: String, tokenizer: some TextTokenizer) -> [Int32] {
        // Each side as `<s> … </s>`; the second's `<s>` becomes the separator `</s>`.
        var first = tokenizer.encode(sentence, maxLength: maxLength)
        var second = tokenizer.encode(translation, maxLength: maxLength)
        guard first.count >= 2, second.count >= 2 else { return first + second }
        second[0] = first[first.count - 1]
        var firstContent = Array(first[1..<(first.count - 1)]), secondContent = Array(second[1..<(second.count - 1)])
        let room = maxLength - 4
        while firstContent.count + secondContent.count > room {
            if firstContent.count >= secondContent.count { firstContent.removeLast() } else { secondContent.removeLast() }
        }
        first = [first[0]] + firstContent + [first[first.count - 1]]
        second = [second[0]] + secondContent + [second[second.count - 1]]
        return first + second
    }
}
