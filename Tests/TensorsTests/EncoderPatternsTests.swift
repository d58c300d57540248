import Testing
@testable import Tensors

/// The shapes the encoders build from these ops (Swin windows and patch merging, attention masks),
/// checked end to end so the public API stays ergonomic for them.
@Suite struct EncoderPatternsTests {
    /// [B, H, W, C] → [B·(H/w)·(W/w), w·w, C], as in Swin's `window_partition`.
    static func partition(_ x: Tensor, window w: Int) -> Tensor {
        let (b, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        return x.reshaped([b, h / w, w, wd / w, w, c]).permuted([0, 1, 3, 2, 4, 5]).reshaped([-1, w * w, c])
    }

    static func reverse(_ windows: Tensor, window w: Int, b: Int, h: Int, wd: Int) -> Tensor {
        let c = windows.shape[2]
        return windows.reshaped([b, h / w, wd / w, w, w, c]).permuted([0, 1, 3, 2, 4, 5]).reshaped([b, h, wd, c])
    }

    @Test func shiftedWindowRoundTrip() {
        let x = randn([2, 8, 8, 3], seed: 1)
        let shifted = x.rolled(shifts: [-2, -2], axes: [1, 2])
        let windows = Self.partition(shifted, window: 4)
        #expect(windows.shape == [8, 16, 3])
        let back = Self.reverse(windows, window: 4, b: 2, h: 8, wd: 8).rolled(shifts: [2, 2], axes: [1, 2])
        #expect(back.scalars == x.scalars)
    }

    @Test func windowPartitionAsGatherMatchesReshapePermute() {
        // The same partition as one gather over flattened positions, and its scatter inverse.
        let (h, w, win) = (4, 4, 2)
        let x = randn([1, h * w, 5], seed: 2)
        var order: [Int] = []
        for wy in 0..<(h / win) { for wx in 0..<(w / win) { for y in 0..<win { for xx in 0..<win {
            order.append((wy * win + y) * w + wx * win + xx)
        } } } }
        let gathered = gather(x, axis: 1, indices: order).reshaped([-1, win * win, 5])
        #expect(gathered.scalars == Self.partition(x.reshaped([1, h, w, 5]), window: win).scalars)
        let restored = scatter(gathered.reshaped([1, h * w, 5]), axis: 1, indices: order, size: h * w)
        #expect(restored.scalars == x.scalars)
    }

    @Test func patchMergingAndPadding() {
        // Swin patch merging: concat of the four 2×2 neighbours along channels, after padding odd sizes.
        let x = randn([1, 3, 3, 2], seed: 3).padded(axis: 1, before: 0, after: 1).padded(axis: 2, before: 0, after: 1)
        #expect(x.shape == [1, 4, 4, 2])
        let r = x.reshaped([1, 2, 2, 2, 2, 2]) // [B, H/2, 2, W/2, 2, C]
        let merged = r.permuted([0, 1, 3, 4, 2, 5]).reshaped([1, 2, 2, 8])
        #expect(merged[0, 0, 0, 0] == x[0, 0, 0, 0] && merged[0, 0, 0, 2] == x[0, 1, 0, 0])
        #expect(merged[0, 1, 1, 6] == x[0, 3, 3, 0])
    }

    @Test func attentionMaskZeroesPaddedKeys() {
        let scores = randn([2, 2, 3, 4], seed: 4) // [batch, heads, query, key]
        let keep = Tensor(shape: [2, 1, 1, 4], values: [1, 1, 1, 0, 1, 1, 0, 0])
        let p = softmax(scores, mask: keep)
        for q in 0..<3 {
            #expect(p[0, 1, q, 3] == 0 && p[1, 0, q, 2] == 0 && p[1, 0, q, 3] == 0)
            #expect(abs(p[1, 1, q, 0] + p[1, 1, q, 1] - 1) < 1e-6)
        }
    }

    @Test func clipLossFromScalarParameter() {
        // logit scale: a [1] parameter, exp'd and clamped to ln 100 (DESIGN.md §4).
        let scale = Parameter("logit_scale", Tensor(shape: [1], values: [(1 / Float(0.07)).logarithm]))
        let img = randn([4, 8], seed: 5), txt = randn([4, 8], seed: 6)
        let targets = softmax(randn([4, 4], seed: 7))
        let tape = Tape()
        let s = exp(clamp(tape.watch(scale), min: 0, max: Float(100).logarithm))
        let logits = s * matmul(l2Normalize(img), l2Normalize(txt), transposeB: true)
        let loss = (crossEntropy(logits, targets: targets) + crossEntropy(logits.transposed(), targets: targets.transposed())) * 0.5
        tape.backward(loss)
        #expect(loss.item.isFinite && scale.grad != nil && scale.grad!.shape == [1])
    }
}

extension Float {
    var logarithm: Float { Float(Foundation.log(Double(self))) }
}

import Foundation
