import Radiology

/// Chooses the deterministic audit sample: an output is sampled when a 64-bit FNV-1a hash of its
/// key and text falls in the lowest `rate` of the range. The same translation is always in or
/// always out, and kept and rejected output are each sampled at `rate` in expectation.
public struct AuditSampler: Sendable, Equatable {
    /// Fraction sampled (default 1 %).
    public var rate: Double

    public init(rate: Double = 0.01) {
        self.rate = min(max(rate, 0), 1)
    }

    public func isSampled(_ key: MemoryKey, output: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [key.source, key.sourceLanguage.rawValue, key.targetLanguage.rawValue, key.engine, output] {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // Final avalanche (splitmix64) so that nearby keys spread over the range.
        hash ^= hash >> 30; hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27; hash = hash &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(UInt64(1) << 53) < rate
    }
}
