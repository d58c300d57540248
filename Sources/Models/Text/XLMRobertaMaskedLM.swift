public import Tensors

/// `XLMRobertaForMaskedLM`: the encoder under `roberta.` (no pooler) and the MLM head under
/// `lm_head.`, so HF MLM weights load by name and this model's weights load in HF.
///
/// Logits are computed only at the positions that have a label: with XLM-R's 250k-token
/// vocabulary a full `[batch × length, vocab]` projection would dominate a step, and MLM
/// (15 % of the tokens) needs a sixth of it.
public final class XLMRobertaMaskedLM: ParameterContainer {
    /// The label of a position that is not predicted (PyTorch's `ignore_index`).
    public static let ignoredLabel: Int32 = -100

    public let encoder: XLMRobertaModel
    public let head: MaskedLanguageModelHead

    public init(config: XLMRobertaConfig, seed: UInt64 = 0) {
        encoder = XLMRobertaModel(config: config, prefix: "roberta.", pooler: false, seed: seed)
        var rng = TensorRNG(seed: seed &+ 0x4D4C_4D)
        head = MaskedLanguageModelHead(config: config, rng: &rng)
    }

    public var parameters: [Parameter] { encoder.parameters + head.parameters }

    /// Logits `[predicted, vocab]` at the positions (row-major over `batch × length`) whose label
    /// is not ``ignoredLabel``, and those labels, in the same order.
    public func callAsFunction(_ batch: TokenBatch, labels: [Int32], _ w: Weights = Weights()) -> (logits: Tensor, targets: [Int]) {
        precondition(labels.count == batch.ids.count, "XLMRobertaMaskedLM: \(labels.count) labels for \(batch.ids.count) positions")
        let positions = labels.indices.filter { labels[$0] != Self.ignoredLabel }
        let targets = positions.map { Int(labels[$0]) }
        let hidden = encoder(batch, w).lastHiddenState.reshaped([batch.ids.count, encoder.config.hiddenSize])
        let picked = gather(hidden, axis: 0, indices: positions)
        return (head(picked, wordEmbeddings: w[encoder.wordEmbeddings], w), targets)
    }

    /// Mean cross-entropy over the labelled positions (HF's MLM loss); nil when none is labelled.
    public func loss(_ batch: TokenBatch, labels: [Int32], _ w: Weights = Weights()) -> Tensor? {
        let (logits, targets) = self(batch, labels: labels, w)
        return targets.isEmpty ? nil : crossEntropy(logits, labels: targets)
    }
}
