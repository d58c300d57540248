public import Models
import Tensors

/// What text pre-training is judged by, on held-out text:
/// - **masked-token accuracy**: the share of masked positions whose top prediction is the
///   original token, with the same masks (fixed seed) before and after, so runs compare;
/// - **cross-lingual retrieval**: each English sentence retrieves its translation among all the
///   translations into one language by cosine of mean-pooled last hidden states (padding
///   excluded); R@1 counts a hit when the retrieved text is a translation paired with that
///   English text anywhere in the set (phantom templates repeat: identical sentences are one
///   target, and an English sentence worded alike in two studies has both translations right).
public struct TextPretrainingEvaluator {
    public let model: XLMRobertaMaskedLM
    public let tokenizer: any TextTokenizer
    public var maxLength = 64
    public var batchSize = 32

    public init(model: XLMRobertaMaskedLM, tokenizer: any TextTokenizer, maxLength: Int = 64) {
        self.model = model
        self.tokenizer = tokenizer
        self.maxLength = maxLength
    }

    public struct MaskedAccuracy: Sendable, Codable, Equatable {
        public var predicted: Int
        public var correct: Int
        public var accuracy: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
    }

    /// Masked-token accuracy over `sentences` (masking with `policy` from `seed`).
    public func maskedTokenAccuracy(_ sentences: [String], policy: MaskingPolicy = MaskingPolicy(), seed: UInt64 = 0x5EED) -> MaskedAccuracy {
        var rng = TensorRNG(seed: seed)
        var result = MaskedAccuracy(predicted: 0, correct: 0)
        for start in stride(from: 0, to: sentences.count, by: batchSize) {
            var inputs: [[Int32]] = [], labels: [[Int32]] = []
            for text in sentences[start..<min(start + batchSize, sentences.count)] {
                let masked = policy.mask(tokenizer.encode(text, maxLength: maxLength), tokenizer: tokenizer, rng: &rng)
                inputs.append(masked.inputs)
                labels.append(masked.labels)
            }
            let batch = TokenBatch(inputs, padID: tokenizer.padID)
            let flat = labels.flatMap { $0 + [Int32](repeating: XLMRobertaMaskedLM.ignoredLabel, count: batch.length - $0.count) }
            let (logits, targets) = model(batch, labels: flat)
            let vocabulary = logits.shape.last ?? 1
            let values = logits.scalars
            for (row, target) in targets.enumerated() {
                let slice = values[(row * vocabulary)..<((row + 1) * vocabulary)]
                if slice.indices.max(by: { slice[$0] < slice[$1] })! - row * vocabulary == target { result.correct += 1 }
                result.predicted += 1
            }
        }
        return result
    }

    /// Mean-pooled, L2-normalised last hidden states, one row per text.
    public func embeddings(_ texts: [String]) -> [[Float]] {
        var rows: [[Float]] = []
        let hidden = model.encoder.config.hiddenSize
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let batch = tokenizer.batch(Array(texts[start..<min(start + batchSize, texts.count)]), maxLength: maxLength)
            let states = model.encoder(batch).lastHiddenState.scalars
            for r in 0..<batch.batch {
                var sum = [Float](repeating: 0, count: hidden)
                var count: Float = 0
                for c in 0..<batch.length where batch.ids[r * batch.length + c] != tokenizer.padID {
                    let offset = (r * batch.length + c) * hidden
                    for k in 0..<hidden { sum[k] += states[offset + k] }
                    count += 1
                }
                let norm = max(1e-12, sum.reduce(0) { $0 + $1 * $1 }.squareRoot())
                rows.append(sum.map { $0 / norm })
            }
        }
        return rows
    }

    /// R@1 of English → translation over `pairs` (all into one language).
    public func retrievalAtOne(_ pairs: [TextPretrainingCorpus.Pair]) -> Double {
        guard !pairs.isEmpty else { return 0 }
        let targets = Array(Set(pairs.map(\.translation.text))).sorted()
        let targetIndex = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($1, $0) })
        var correct: [String: Set<Int>] = [:]
        for pair in pairs { correct[pair.source.text, default: []].insert(targetIndex[pair.translation.text]!) }
        let queries = pairs.map(\.source.text)
        let queryRows = embeddings(queries), targetRows = embeddings(targets)
        var hits = 0
        for (query, pair) in zip(queryRows, pairs) {
            var best = -Float.infinity, bestIndex = -1
            for (index, target) in targetRows.enumerated() {
                var dot: Float = 0
                for k in 0..<query.count { dot += query[k] * target[k] }
                if dot > best { best = dot; bestIndex = index }
            }
            if correct[pair.source.text]!.contains(bestIndex) { hits += 1 }
        }
        return Double(hits) / Double(pairs.count)
    }
}
