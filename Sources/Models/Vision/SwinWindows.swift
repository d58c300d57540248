public import Tensors

/// The window geometry of Swin's (shifted) window attention, as HF `modeling_swin` computes it.
public enum SwinWindows {
    /// `[B, H, W, C]` → `[B·(H/w)·(W/w), w·w, C]` (HF `window_partition`).
    public static func partition(_ x: Tensor, window w: Int) -> Tensor {
        let (b, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        return x.reshaped([b, h / w, w, wd / w, w, c]).permuted([0, 1, 3, 2, 4, 5]).reshaped([-1, w * w, c])
    }

    /// The inverse of ``partition(_:window:)`` (HF `window_reverse`).
    public static func reverse(_ windows: Tensor, window w: Int, batch b: Int, height h: Int, width wd: Int) -> Tensor {
        let c = windows.shape[windows.rank - 1]
        return windows.reshaped([b, h / w, wd / w, w, w, c]).permuted([0, 1, 3, 2, 4, 5]).reshaped([b, h, wd, c])
    }

    /// For each (query, key) pair of a `w×w` window, the row of the relative position bias table
    /// (`(2w−1)²` rows) holding its bias, flattened `[w²·w²]` (HF `relative_position_index`).
    public static func relativePositionIndex(window w: Int) -> [Int] {
        let n = w * w
        var index = [Int](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let dy = i / w - j / w + (w - 1), dx = i % w - j % w + (w - 1)
                index[i * n + j] = dy * (2 * w - 1) + dx
            }
        }
        return index
    }

    /// The additive attention mask of shifted windows, `[windows, w², w²]`: 0 between positions of
    /// the same region of the cyclically shifted map, −100 across regions (HF `get_attn_mask`).
    public static func shiftMask(height: Int, width: Int, window w: Int, shift s: Int) -> Tensor {
        func region(_ i: Int, _ size: Int) -> Int { (i >= size - w ? 1 : 0) + (i >= size - s ? 1 : 0) }
        let nh = height / w, nw = width / w, n = w * w
        var values = [Float](repeating: 0, count: nh * nw * n * n)
        for wy in 0..<nh {
            for wx in 0..<nw {
                let base = (wy * nw + wx) * n * n
                var labels = [Int](repeating: 0, count: n)
                for p in 0..<n {
                    labels[p] = region(wy * w + p / w, height) * 3 + region(wx * w + p % w, width)
                }
                for i in 0..<n { for j in 0..<n where labels[i] != labels[j] { values[base + i * n + j] = -100 } }
            }
        }
        return Tensor(shape: [nh * nw, n, n], values: values)
    }
}
