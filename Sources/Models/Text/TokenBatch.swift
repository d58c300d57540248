public import Tensors

/// A padded batch of token ids, row-major `[batch, length]`, with its attention mask
/// (1 = real token, 0 = padding).
public struct TokenBatch: Sendable, Equatable {
    public let ids: [Int32]
    public let mask: [Float]
    public let batch: Int
    public let length: Int

    /// Pads every sequence with `padID` to the longest one (or `length` when given, which must be
    /// at least the longest).
    public init(_ sequences: [[Int32]], padID: Int32, length: Int? = nil) {
        let longest = sequences.map(\.count).max() ?? 0
        let n = max(length ?? longest, longest)
        var ids: [Int32] = [], mask: [Float] = []
        ids.reserveCapacity(sequences.count * n)
        mask.reserveCapacity(sequences.count * n)
        for s in sequences {
            ids += s + Array(repeating: padID, count: n - s.count)
            mask += Array(repeating: 1, count: s.count) + Array(repeating: 0, count: n - s.count)
        }
        self.ids = ids
        self.mask = mask
        batch = sequences.count
        self.length = n
    }

    /// The mask as a `[batch, length]` tensor.
    public var maskTensor: Tensor { Tensor(shape: [batch, length], values: mask) }
}
