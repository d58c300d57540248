import Foundation
import Models
import Tensors
import Testing

/// The MLM head and loss against `transformers.XLMRobertaForMaskedLM` (random weights, a padded
/// batch with masked, replaced and kept positions): logits, loss and every gradient
/// (`Workers/encoders-reference/make_mlm_fixtures.py`).
@Suite struct MaskedLMParityTests {
    static let fixture: [String: Tensor] = {
        let file = try! SafeTensors(contentsOf: Fixtures.url("mlm_tiny.safetensors"))
        return Dictionary(uniqueKeysWithValues: file.names.map { ($0, try! file.tensor($0)) })
    }()

    static func model() throws -> XLMRobertaMaskedLM {
        let m = XLMRobertaMaskedLM(config: Fixtures.textConfig)
        try m.load(fixture)
        return m
    }

    static var batch: TokenBatch {
        let ids = fixture["input.ids"]!
        let (b, l) = (ids.shape[0], ids.shape[1])
        let rows = (0..<b).map { r in Array(ids.scalars[(r * l)..<((r + 1) * l)].map { Int32($0) }.prefix { $0 != 1 }) }
        return TokenBatch(rows, padID: 1, length: l)
    }

    static var labels: [Int32] { fixture["input.labels"]!.scalars.map { Int32($0) } }

    @Test func theHeadsNamesAreHuggingFaces() {
        let names = Set(XLMRobertaMaskedLM(config: Fixtures.textConfig).parameters.map(\.name))
        #expect(names.isSuperset(of: ["lm_head.dense.weight", "lm_head.dense.bias", "lm_head.layer_norm.weight",
                                      "lm_head.layer_norm.bias", "lm_head.bias", "roberta.embeddings.word_embeddings.weight"]))
        #expect(!names.contains("lm_head.decoder.weight"), "the decoder is the word-embedding table")
        #expect(names.count == 58, "HF's XLMRobertaForMaskedLM has 58 parameters with the decoder tied")
    }

    @Test func logitsAndLossMatchHuggingFace() throws {
        let m = try Self.model()
        let (logits, targets) = m(Self.batch, labels: Self.labels)
        #expect(targets.count == 5)
        expectClose(logits, Self.fixture["expected.logits"]!, 1e-4, "logits at the labelled positions")
        let loss = try #require(m.loss(Self.batch, labels: Self.labels))
        expectClose(loss.reshaped([1]), Self.fixture["expected.loss"]!, 1e-4, "MLM loss")
        #expect(m.loss(Self.batch, labels: Self.labels.map { _ in XLMRobertaMaskedLM.ignoredLabel }) == nil)
    }

    @Test func everyGradientMatchesHuggingFace() throws {
        let m = try Self.model()
        let tape = Tape()
        let w = Weights(tape: tape)
        tape.backward(try #require(m.loss(Self.batch, labels: Self.labels, w)))
        var checked = 0
        let largest = m.parameters.compactMap { Self.fixture["grad." + $0.name]?.scalars.map(abs).max() }.max() ?? 1
        for p in m.parameters {
            guard let expected = Self.fixture["grad." + p.name] else { Issue.record("no reference for \(p.name)"); continue }
            guard let g = p.grad else { Issue.record("no gradient for \(p.name)"); continue }
            checked += 1
            if expected.scalars.map(abs).max()! < 1e-6 * largest {
                // Attention key biases: softmax is invariant to them (both sides hold rounding noise).
                #expect(g.scalars.map(abs).max()! < 1e-5 * largest, "gradient of \(p.name) should vanish")
                continue
            }
            // The word-embedding table's gradient sums the input lookups and the tied decoder.
            expectClose(g, expected, 1e-3, "gradient of \(p.name)")
        }
        #expect(checked == 58)
    }
}
