public import Models
public import Tensors

/// How masked-language-model inputs are made (BERT, kept by XLM-R): about `probability` of the
/// ordinary tokens of a sequence are selected — `Int(probability × n + u)`, u uniform in [0, 1),
/// as fairseq's `MaskTokensDataset` counts them, so short sentences still get a mask now and then
/// and the expected share is exact — and of the selected, `maskShare` become `<mask>`,
/// `randomShare` a random ordinary token, the rest stay as they were. Labels hold the original
/// id at every selected position and ``XLMRobertaMaskedLM/ignoredLabel`` elsewhere. Specials
/// (`<s>`, `</s>`, `<pad>`, …) are never selected.
///
/// With `wholeWords`, selection draws whole words (a token that ``TextTokenizer/beginsWord(_:)``
/// and the tokens after it up to the next such token or special) until the count is reached, and
/// every token of a chosen word is then masked, replaced or kept by its own draw, as BERT's
/// whole-word masking does.
public struct MaskingPolicy: Sendable, Equatable {
    public var probability: Double
    public var maskShare: Double
    public var randomShare: Double
    public var wholeWords: Bool

    public init(probability: Double = 0.15, maskShare: Double = 0.8, randomShare: Double = 0.1, wholeWords: Bool = false) {
        precondition((0...1).contains(probability) && maskShare >= 0 && randomShare >= 0 && maskShare + randomShare <= 1,
                     "MaskingPolicy: shares out of range")
        self.probability = probability
        self.maskShare = maskShare
        self.randomShare = randomShare
        self.wholeWords = wholeWords
    }

    /// The masked inputs and the labels for one encoded sequence (specials included).
    public func mask(_ ids: [Int32], tokenizer: some TextTokenizer, rng: inout TensorRNG) -> (inputs: [Int32], labels: [Int32]) {
        guard let maskID = tokenizer.maskID else { preconditionFailure("MaskingPolicy: the tokenizer has no <mask> token") }
        let specials = tokenizer.specialIDs
        var units: [[Int]] = []
        var ordinary = 0
        for (index, id) in ids.enumerated() where !specials.contains(id) {
            ordinary += 1
            let startsUnit = !wholeWords || units.isEmpty || specials.contains(ids[index - 1]) || tokenizer.beginsWord(id)
                || units.last!.last! != index - 1
            if startsUnit { units.append([index]) } else { units[units.count - 1].append(index) }
        }
        var inputs = ids
        var labels = [Int32](repeating: XLMRobertaMaskedLM.ignoredLabel, count: ids.count)
        guard ordinary > 0 else { return (inputs, labels) }
        let wanted = min(ordinary, Int(probability * Double(ordinary) + Double.random(in: 0..<1, using: &rng)))
        units.shuffle(using: &rng)
        var selected = 0
        let ordinaryRange = Int32(0)..<Int32(tokenizer.vocabularySize)
        for unit in units where selected < wanted {
            for index in unit {
                labels[index] = ids[index]
                let draw = Double.random(in: 0..<1, using: &rng)
                if draw < maskShare {
                    inputs[index] = maskID
                } else if draw < maskShare + randomShare {
                    var replacement: Int32
                    repeat { replacement = Int32.random(in: ordinaryRange, using: &rng) } while specials.contains(replacement)
                    inputs[index] = replacement
                }
            }
            selected += unit.count
        }
        return (inputs, labels)
    }
}
