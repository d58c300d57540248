/// The fixed evaluation split: a study belongs to it when a hash of its key falls below `share`.
/// The same key is in or out forever (no randomness, no dependence on what else is stored), so
/// no run ever trains on a study the gate and `eval --retrieval` measure on.
public struct EvaluationSplit: Sendable, Equatable {
    /// The share of studies held out, 0…1 (default 5 %).
    public let share: Double

    public init(share: Double = 0.05) {
        precondition(share >= 0 && share <= 1, "EvaluationSplit: share \(share) outside 0…1")
        self.share = share
    }

    /// Whether the study with `studyKey` is held out for evaluation.
    public func contains(_ studyKey: String) -> Bool {
        Double(Self.hash(studyKey) >> 11) / Double(1 << 53) < share
    }

    /// FNV-1a 64 over the key's UTF-8 bytes, then a SplitMix64 finaliser so nearby keys spread.
    static func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
