/// A set of allowed rows of a matrix as a bitmask (one bit a row), the form search filters take.
public struct RowMask: Sendable, Equatable {
    public let count: Int
    private(set) var words: [UInt64]

    /// All rows allowed (`allowed: true`) or none.
    public init(count: Int, allowed: Bool = false) {
        precondition(count >= 0, "negative row count")
        self.count = count
        words = [UInt64](repeating: allowed ? ~0 : 0, count: (count + 63) / 64)
        if allowed, count % 64 != 0 { words[words.count - 1] = (1 << UInt64(count % 64)) - 1 }
    }

    /// The rows for which `isAllowed` holds.
    public init(count: Int, where isAllowed: (Int) throws -> Bool) rethrows {
        self.init(count: count)
        for row in 0..<count where try isAllowed(row) { insert(row) }
    }

    @inline(__always)
    public func contains(_ row: Int) -> Bool {
        row >= 0 && row < count && words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    public mutating func insert(_ row: Int) {
        precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
        words[row >> 6] |= 1 << UInt64(row & 63)
    }

    public mutating func remove(_ row: Int) {
        precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
        words[row >> 6] &= ~(1 << UInt64(row & 63))
    }

    /// Rows in both masks.
    public func intersection(_ other: RowMask) -> RowMask {
        precondition(count == other.count, "masks of different sizes")
        var result = self
        for index in words.indices { result.words[index] &= other.words[index] }
        return result
    }

    /// How many rows are allowed.
    public var allowedCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// How many rows in `range` are allowed.
    func allowedCount(in range: Range<Int>) -> Int {
        var total = 0
        var row = range.lowerBound
        while row < range.upperBound {
            let bit = row & 63
            let span = min(64 - bit, range.upperBound - row)
            let mask: UInt64 = span == 64 ? ~0 : ((1 << UInt64(span)) - 1) << UInt64(bit)
            total += (words[row >> 6] & mask).nonzeroBitCount
            row += span
        }
        return total
    }
}
