public import Models
import Tensors

/// The weights a model trained *from scratch* starts from.
///
/// Hugging Face initialises every matrix with N(0, 0.02), which suits fine-tuning pretrained
/// encoders. From scratch it leaves a small model's towers collapsed: the residual branches are
/// ~50× weaker than the stream, so the Swin tower maps every radiograph to the same embedding
/// (patch embeddings of flat regions differ only in sign after LayerNorm, and the mean pool
/// cancels them) and the text tower maps every sentence to nearly the same mean of byte
/// embeddings; the contrastive gradient then has nothing to separate and the loss stays at
/// ln(batch) (measured: cosine 1.00 between every pair of images before and after 150 steps).
/// Here every matrix is drawn from N(0, 1/fan_in) (He/LeCun scaling: branches as strong as the
/// stream), the word embedding table from N(0, 1) (LayerNorm follows it), and the tables every
/// text or window shares — XLM-R's position and token-type embeddings, Swin's relative-position
/// bias — keep HF's small N(0, 0.02). Drawn at N(0, 1), the shared tables added the same large
/// vector to every sentence's tokens, and the mean-pooled embeddings of any two report sentences
/// started at cosine 0.97 (0.80 with the small tables; measured on eight sentences of five
/// languages). LayerNorms and biases keep ones and zeros.
public enum ScratchInitialization {
    /// A fresh checkpoint for `config` with these weights: what every from-scratch run starts from.
    public static func checkpoint(_ config: M3CLIPConfig, seed: UInt64) throws(CheckpointError) -> Checkpoint {
        let checkpoint = try Checkpoint.fresh(config, seed: seed)
        apply(to: checkpoint.model, seed: seed)
        return checkpoint
    }

    /// A fresh checkpoint whose text tower is `textEncoder` (pre-trained, e.g. by `m3clip
    /// pretrain-text`): the encoder's tokenizer and vocabulary — a pruned one included — replace
    /// the configuration's, every other size of the text tower must match it, and the rest of the
    /// model is drawn as ``checkpoint(_:seed:)`` draws it.
    public static func checkpoint(_ config: M3CLIPConfig, seed: UInt64, textEncoder: TextEncoderCheckpoint) throws(CheckpointError) -> Checkpoint {
        var config = config
        let text = textEncoder.model.encoder.config
        var expected = config.text
        expected.vocabSize = text.vocabSize
        guard text == expected else {
            throw CheckpointError("the pre-trained text encoder (hidden \(text.hiddenSize), \(text.numHiddenLayers) layers, \(text.numAttentionHeads) heads, "
                + "FFN \(text.intermediateSize), \(text.maxPositionEmbeddings) positions) does not match the model's (hidden \(config.text.hiddenSize), "
                + "\(config.text.numHiddenLayers) layers, \(config.text.numAttentionHeads) heads, FFN \(config.text.intermediateSize), "
                + "\(config.text.maxPositionEmbeddings) positions)")
        }
        config.text = text
        config.tokenizer = textEncoder.tokenizer is HuggingFaceTokenizer ? .huggingFace : .bytes
        config.maxTextLength = min(config.maxTextLength, text.maxSequenceLength)
        try config.validate()
        let model = M3CLIPModel(config: config, seed: seed)
        apply(to: model, seed: seed)
        try textEncoder.transplant(into: model)
        return Checkpoint(model: model, tokenizer: textEncoder.tokenizer, training: TrainingRecord())
    }

    /// Re-draws `model`'s weights from `seed`.
    public static func apply(to model: M3CLIPModel, seed: UInt64) {
        var rng = TensorRNG(seed: seed ^ 0x5eed_5c7a_7c40_0001)
        for parameter in model.parameters where parameter.value.rank >= 2 {
            let name = parameter.name
            let std: Float
            if name.contains("relative_position_bias_table") || name.contains("position_embeddings")
                || name.contains("token_type_embeddings") {
                std = 0.02
            } else if name.contains("embeddings.word_embeddings") {
                std = 1
            } else {
                std = 1 / Float(parameter.value.shape.dropFirst().reduce(1, *)).squareRoot()
            }
            parameter.value = Tensor.randn(parameter.value.shape, std: std, rng: &rng)
        }
    }
}
