import Foundation
import Models
import Tensors
import Testing
import Training

/// A model from scratch whose text tower is a pre-trained encoder: the encoder's tokenizer and
/// (pruned) vocabulary come with it; other sizes must match.
@Suite struct ScratchInitializationTests {
    static let tokenizerFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ModelsTests/Fixtures/hf_xlmr/tokenizer.json")

    @Test func aPrunedXLMRVocabularyComesWithItsEncoder() throws {
        let tokenizer = try HuggingFaceTokenizer(contentsOf: Self.tokenizerFile)
        var text = ModelPreset.micro.config.text
        text.vocabSize = tokenizer.vocabularySize
        let encoder = TextEncoderCheckpoint(model: XLMRobertaMaskedLM(config: text, seed: 4), tokenizer: tokenizer)
        let checkpoint = try ScratchInitialization.checkpoint(ModelPreset.micro.config, seed: 1, textEncoder: encoder)
        #expect(checkpoint.model.config.tokenizer == .huggingFace)
        #expect(checkpoint.model.config.text.vocabSize == tokenizer.vocabularySize && checkpoint.model.config.text.vocabSize != 261)
        #expect(checkpoint.tokenizer is HuggingFaceTokenizer)
        // The text tower holds the encoder's weights; the image tower was drawn fresh.
        #expect(checkpoint.model.text.wordEmbeddings.value.scalars == encoder.model.encoder.wordEmbeddings.value.scalars)
        let batch = checkpoint.tokenizer.batch(["Lungs are clear.", "No effusion."], maxLength: checkpoint.model.config.maxTextLength)
        #expect(checkpoint.model.encodeText(batch).shape == [2, checkpoint.model.config.projectionDim])

        // Another size is an error that says what differs.
        var wider = text
        wider.hiddenSize = 64
        wider.intermediateSize = 128
        let mismatched = TextEncoderCheckpoint(model: XLMRobertaMaskedLM(config: wider, seed: 4), tokenizer: tokenizer)
        #expect { try ScratchInitialization.checkpoint(ModelPreset.micro.config, seed: 1, textEncoder: mismatched) } throws: {
            "\($0)".contains("does not match") && "\($0)".contains("hidden 64")
        }
    }
}
