import Foundation
import Models
import Tensors
import Testing
@testable import Training

/// A model from scratch whose text tower is a pre-trained encoder: the encoder's tokenizer and
/// (pruned) vocabulary come with it; other sizes must match.
@Suite struct ScratchInitializationTests {
    static let tokenizerFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ModelsTests/Fixtures/hf_xlmr/tokenizer.json")

    /// The tables every sentence shares (positions, token type) are drawn small, so they do not add
    /// one large common vector to every token: different sentences start apart (at N(0, 1) they
    /// started at mean cosine 0.97, and the contrastive loss had almost nothing to separate).
    @Test func differentSentencesStartApart() throws {
        let checkpoint = try ScratchInitialization.checkpoint(ModelPreset.tiny.config, seed: 0)
        for parameter in checkpoint.model.parameters where parameter.name.contains("position_embeddings") || parameter.name.contains("token_type") {
            let values = parameter.value.scalars
            let std = (values.reduce(0) { $0 + $1 * $1 } / Float(values.count)).squareRoot()
            #expect(std < 0.03, "\(parameter.name) std \(std)")
        }
        let sentences = ["No pleural effusion.", "There is a large pleural effusion on the left.", "Moderate cardiomegaly.",
                         "The lungs are clear.", "Patchy consolidation in the right lower lobe.", "Mild pulmonary edema.",
                         "Keine Stauung.", "心脏增大。"]
        let embeddings = checkpoint.model.encodeText(checkpoint.tokenizer.batch(sentences, maxLength: checkpoint.model.config.maxTextLength))
        let meanCosine = try #require(ZeroShotEvaluator.meanPairwiseCosine(embeddings))
        #expect(meanCosine < 0.9, "mean cosine between different sentences at initialisation: \(meanCosine)")
    }

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
