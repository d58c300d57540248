/// Bounds checked from an image's header before any pixel buffer is allocated.
public struct ImageLimits: Sendable, Equatable {
    public var maxPixels: Int
    public var maxSide: Int

    public init(maxPixels: Int = 64 << 20, maxSide: Int = 16_384) {
        self.maxPixels = maxPixels
        self.maxSide = maxSide
    }

    func check(width: Int, height: Int, decoder: String) throws(DecodeError) {
        guard width > 0, height > 0 else {
            throw DecodeError(.notAnImage, decoder: decoder, "the header declares a \(width)×\(height) image")
        }
        guard width <= maxSide, height <= maxSide, width * height <= maxPixels else {
            throw DecodeError(.imageTooLarge, decoder: decoder,
                              "\(width)×\(height) is over the limit (\(maxSide) px a side, \(maxPixels) pixels)")
        }
    }
}
