import Models
import Tensors
import Testing

/// Swin forward against `transformers.SwinModel` (32 px, embed 8, depths 2-2, window 4: the first
/// stage has a shifted block, the second a single unshifted window).
@Suite struct SwinParityTests {
    static func model() throws -> SwinModel {
        let m = SwinModel(config: Fixtures.visionConfig, prefix: "vision_model.")
        try m.load(Fixtures.clip)
        return m
    }

    @Test func outputsMatchHuggingFace() throws {
        let out = try Self.model()(Fixtures.clip["input.pixels"]!)
        #expect(out.hiddenStates.count == 3)
        for (i, h) in out.hiddenStates.enumerated() {
            expectClose(h, Fixtures.clip["expected.vision.hidden.\(i)"]!, 1e-4, "hidden state \(i)")
        }
        expectClose(out.lastHiddenState, Fixtures.clip["expected.vision.last"]!, 1e-4, "last_hidden_state")
        expectClose(out.pooled, Fixtures.clip["expected.vision.pooled"]!, 1e-4, "pooler_output")
    }

    @Test func shiftMaskSeparatesRegions() {
        // 8×8 map, window 4, shift 2: window 0 is one region; the last window mixes four.
        let mask = SwinWindows.shiftMask(height: 8, width: 8, window: 4, shift: 2)
        #expect(mask.shape == [4, 16, 16])
        #expect(mask.scalars[0..<256].allSatisfy { $0 == 0 })
        #expect(mask[3, 0, 15] == -100 && mask[3, 0, 1] == 0 && mask[3, 0, 2] == -100)
    }

    @Test func relativePositionIndexMatchesHF() {
        // HF: index[i][j] = (dy + w − 1)·(2w − 1) + (dx + w − 1); the diagonal is the centre row.
        let idx = SwinWindows.relativePositionIndex(window: 2)
        #expect(idx == [4, 3, 1, 0, 5, 4, 2, 1, 7, 6, 4, 3, 8, 7, 5, 4])
    }
}
