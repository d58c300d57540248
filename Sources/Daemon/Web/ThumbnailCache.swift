import Foundation
import Formats
import Store

/// Downscaled PNG thumbnails of stored radiographs for the web app (`GET /v1/images/ID?size=N`):
/// decoded from the blob, box-filtered to fit N × N, windowed to 8 bits, PNG-encoded, and kept (the
/// newest `capacity` of them).
final class ThumbnailCache: @unchecked Sendable {
    private let store: CorpusStore
    private let capacity: Int
    private let lock = NSLock()
    private var entries: [String: [UInt8]] = [:]
    private var order: [String] = []

    init(store: CorpusStore, capacity: Int = 512) {
        self.store = store
        self.capacity = capacity
    }

    /// The PNG of image `id` no larger than `size` on its longer side; nil when there is no such image.
    func thumbnail(imageID id: Int64, size: Int) throws -> [UInt8]? {
        let key = "\(id)/\(size)"
        if let cached = lock.withLock({ entries[key] }) { return cached }
        guard let hex = try store.imageHash(id: id), let hash = ContentHash(hex: hex) else { return nil }
        let decoded = try ImageDecoder.decode(try store.blobs.read(hash))
        var grey = decoded.pixels.normalized()
        // Stretch to the image's own range (16-bit radiographs rarely use all of it).
        if let low = grey.min(), let high = grey.max(), high > low {
            let span = high - low
            for index in grey.indices { grey[index] = (grey[index] - low) / span }
        }
        let scale = max(1, (max(decoded.width, decoded.height) + size - 1) / size)
        let width = max(1, decoded.width / scale), height = max(1, decoded.height / scale)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for dy in 0..<scale { for dx in 0..<scale { sum += grey[(y * scale + dy) * decoded.width + x * scale + dx] } }
                pixels[y * width + x] = UInt8(max(0, min(255, (sum / Float(scale * scale) * 255).rounded())))
            }
        }
        let png = try PNGEncoder.encodeGray8(pixels, width: width, height: height)
        lock.withLock {
            if entries[key] == nil {
                entries[key] = png
                order.append(key)
                if order.count > capacity { entries[order.removeFirst()] = nil }
            }
        }
        return png
    }
}
