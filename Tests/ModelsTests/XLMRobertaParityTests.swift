import Models
import Tensors
import Testing

/// XLM-R forward against `transformers.XLMRobertaModel` (random weights, padding in the batch).
@Suite struct XLMRobertaParityTests {
    static func model() throws -> XLMRobertaModel {
        let m = XLMRobertaModel(config: Fixtures.textConfig, prefix: "text_model.", pooler: true)
        try m.load(Fixtures.clip)
        return m
    }

    @Test func hiddenStatesMatchHuggingFace() throws {
        let out = try Self.model()(Fixtures.tokens)
        #expect(out.hiddenStates.count == Fixtures.textConfig.numHiddenLayers + 1)
        for (i, h) in out.hiddenStates.enumerated() {
            // Padded positions are compared too: HF computes them with the same mask.
            expectClose(h, Fixtures.clip["expected.text.hidden.\(i)"]!, 1e-4, "hidden state \(i)")
        }
        expectClose(out.pooler!, Fixtures.clip["expected.text.pooler"]!, 1e-4, "pooler_output")
    }

    @Test func poolingMatchesReference() throws {
        let out = try Self.model()(Fixtures.tokens)
        expectClose(TextPooling.medclip(out), Fixtures.clip["expected.text.medclip"]!, 1e-4, "medclip pooling")
        expectClose(TextPooling.cls(out), Fixtures.clip["expected.text.cls"]!, 1e-4, "cls pooling")
    }

    @Test func paddingDoesNotChangeAText() throws {
        // The padded second text pools to the same vector alone as in the batch.
        let m = try Self.model()
        let batch = Fixtures.tokens
        let alone = TokenBatch([Array(batch.ids[batch.length...].prefix { $0 != 1 })], padID: 1)
        let pooledBatch = TextPooling.medclip(m(batch)).slice(axis: 0, 1..<2)
        expectClose(TextPooling.medclip(m(alone)), pooledBatch, 1e-5, "padding invariance")
    }

    @Test func positionIDsSkipPadding() {
        let m = XLMRobertaModel(config: XLMRobertaConfig(vocabSize: 10, hiddenSize: 8, layers: 1, heads: 2, intermediateSize: 8, maxPositionEmbeddings: 12))
        #expect(m.positionIDs(TokenBatch([[0, 5, 2], [0, 2]], padID: 1)) == [2, 3, 4, 2, 3, 1])
    }
}
