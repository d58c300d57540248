public import Tensors

/// Turns a grey radiograph of any size into the image encoder's input: padded to a square
/// (centred, black), resized to `size × size` unless it already is, normalised with MedCLIP's
/// mean and std, and repeated to 3 channels.
///
/// Resizing is PIL-style bilinear with antialiasing (a triangle filter widened by the
/// downscale factor), separable, so a 2,000-pixel film shrinks without aliasing.
public struct ImagePreprocessor: Sendable {
    public let size: Int
    public let mean: Float
    public let std: Float
    public let channels: Int

    public init(size: Int, mean: Float = 0.5862785803043838, std: Float = 0.27950088968644304, channels: Int = 3) {
        self.size = size
        self.mean = mean
        self.std = std
        self.channels = channels
    }

    /// The preprocessor for a model's configuration.
    public init(config: M3CLIPConfig) {
        self.init(size: config.vision.imageSize, mean: config.imageMean, std: config.imageStd, channels: config.vision.numChannels)
    }

    /// `grey` holds `width × height` values in 0…1, row-major. Returns `[1, channels, size, size]`.
    public func callAsFunction(grey: [Float], width: Int, height: Int) -> Tensor {
        normalized(square: square(grey: grey, width: width, height: height))
    }

    /// The geometric half: `grey` (`width × height`, 0…1) padded to a square and resized to
    /// `size × size`, still grey 0…1 (what a trainer caches before augmenting).
    public func square(grey: [Float], width: Int, height: Int) -> [Float] {
        precondition(grey.count == width * height && width > 0 && height > 0,
                     "ImagePreprocessor: \(grey.count) values for \(width)×\(height)")
        var (pixels, side) = Self.padToSquare(grey, width: width, height: height)
        if side != size { pixels = Self.resize(pixels, from: side, to: size) }
        return pixels
    }

    /// The photometric half: a `size × size` grey square normalised with the mean and std and
    /// repeated to `[1, channels, size, size]`.
    public func normalized(square pixels: [Float]) -> Tensor {
        precondition(pixels.count == size * size, "ImagePreprocessor: \(pixels.count) values for a \(size)×\(size) square")
        let scale = 1 / std
        let plane = pixels.map { ($0 - mean) * scale }
        return Tensor(shape: [1, channels, size, size], values: Array([[Float]](repeating: plane, count: channels).joined()))
    }

    /// Stacks preprocessed images into one batch `[n, channels, size, size]`.
    public func batch(_ images: [Tensor]) -> Tensor { concat(images, axis: 0) }

    static func padToSquare(_ grey: [Float], width: Int, height: Int) -> ([Float], Int) {
        if width == height { return (grey, width) }
        let side = max(width, height)
        let x0 = (side - width) / 2, y0 = (side - height) / 2
        var out = [Float](repeating: 0, count: side * side)
        for y in 0..<height {
            for x in 0..<width { out[(y + y0) * side + x + x0] = grey[y * width + x] }
        }
        return (out, side)
    }

    /// Resamples a square `n × n` image to `m × m`.
    static func resize(_ image: [Float], from n: Int, to m: Int) -> [Float] {
        let taps = weights(from: n, to: m)
        var rows = [Float](repeating: 0, count: n * m) // n rows × m columns
        for y in 0..<n {
            for (x, tap) in taps.enumerated() {
                var s: Float = 0
                for (j, w) in zip(tap.start..., tap.weights) { s += image[y * n + j] * w }
                rows[y * m + x] = s
            }
        }
        var out = [Float](repeating: 0, count: m * m)
        for (y, tap) in taps.enumerated() {
            for x in 0..<m {
                var s: Float = 0
                for (j, w) in zip(tap.start..., tap.weights) { s += rows[j * m + x] * w }
                out[y * m + x] = s
            }
        }
        return out
    }

    /// For each output index, the first input index and the normalised triangle-filter weights.
    static func weights(from n: Int, to m: Int) -> [(start: Int, weights: [Float])] {
        let scale = Double(n) / Double(m)
        let support = max(scale, 1)
        return (0..<m).map { i in
            let centre = (Double(i) + 0.5) * scale
            let lo = max(0, Int((centre - support).rounded(.down))), hi = min(n, Int((centre + support).rounded(.up)))
            var w = (lo..<hi).map { j in max(0, 1 - abs((Double(j) + 0.5 - centre) / support)) }
            let total = w.reduce(0, +)
            if total > 0 { w = w.map { $0 / total } }
            return (lo, w.map(Float.init))
        }
    }
}
