import Foundation
public import Tensors

/// MedCLIP's training augmentations on a grey square already at the encoder's size: random
/// horizontal flip, random affine (rotation, translation, scale; bilinear, black outside the
/// film), then brightness and contrast jitter, clamped to 0…1. Seeded by the caller's
/// ``TensorRNG``; the resize to the encoder's input happened when the corpus was loaded.
public struct ImageAugmenter: Sendable, Codable, Equatable {
    public var flipProbability: Float = 0.5
    /// Largest rotation either way, in degrees.
    public var rotationDegrees: Float = 10
    /// Largest shift either way, as a fraction of the side.
    public var translate: Float = 0.0625
    public var scaleRange: ClosedRange<Float> = 0.9...1.1
    /// Brightness and contrast factors are drawn from 1 ± these.
    public var brightness: Float = 0.2
    public var contrast: Float = 0.2

    public init() {}

    /// An augmented copy of `pixels` (`side × side`).
    public func callAsFunction(_ pixels: [Float], side: Int, rng: inout TensorRNG) -> [Float] {
        precondition(pixels.count == side * side, "ImageAugmenter: \(pixels.count) values for side \(side)")
        func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * rng.nextUniform() }
        let flip = rng.nextUniform() < flipProbability
        let angle = uniform(-rotationDegrees, rotationDegrees) * .pi / 180
        let n = Float(side)
        let tx = uniform(-translate, translate) * n, ty = uniform(-translate, translate) * n
        let scale = uniform(scaleRange.lowerBound, scaleRange.upperBound)
        let brightnessFactor = uniform(1 - brightness, 1 + brightness)
        let contrastFactor = uniform(1 - contrast, 1 + contrast)

        // Inverse map: output (x, y) → input = R(−θ)·((x, y) − centre − t) / s + centre.
        let c = (n - 1) / 2
        let cosA = Foundation.cos(angle) / scale, sinA = Foundation.sin(angle) / scale
        var out = [Float](repeating: 0, count: side * side)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<side {
                    let dy = Float(y) - c - ty
                    for x in 0..<side {
                        var dx = Float(x) - c - tx
                        if flip { dx = -dx }
                        let sx = cosA * dx + sinA * dy + c
                        let sy = -sinA * dx + cosA * dy + c
                        dst[y &* side &+ x] = Self.bilinear(src, side, sx, sy)
                    }
                }
                var mean: Float = 0
                for v in dst { mean += v }
                mean /= Float(dst.count)
                for i in 0..<dst.count {
                    let v = (dst[i] * brightnessFactor - mean * brightnessFactor) * contrastFactor + mean * brightnessFactor
                    dst[i] = min(max(v, 0), 1)
                }
            }
        }
        return out
    }

    @inline(__always)
    static func bilinear(_ src: UnsafeBufferPointer<Float>, _ side: Int, _ x: Float, _ y: Float) -> Float {
        let x0f = x.rounded(.down), y0f = y.rounded(.down)
        let x0 = Int(x0f), y0 = Int(y0f)
        let fx = x - x0f, fy = y - y0f
        @inline(__always) func at(_ xi: Int, _ yi: Int) -> Float {
            (xi >= 0 && xi < side && yi >= 0 && yi < side) ? src[yi &* side &+ xi] : 0
        }
        guard x0 >= -1, y0 >= -1, x0 < side, y0 < side else { return 0 }
        let top = at(x0, y0) * (1 - fx) + at(x0 &+ 1, y0) * fx
        let bottom = at(x0, y0 &+ 1) * (1 - fx) + at(x0 &+ 1, y0 &+ 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
