/// The best `k` hits seen so far: a binary min-heap whose root is the worst kept hit, so a new
/// score is compared with ``threshold`` and almost always rejected in one comparison.
///
/// "Worse" is lower score, then higher row: with rows offered in increasing order an equal score
/// never displaces an earlier row, which makes results deterministic.
struct TopKHeap {
    let capacity: Int
    private var scores: [Float] = []
    private var rows: [Int] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        scores.reserveCapacity(self.capacity)
        rows.reserveCapacity(self.capacity)
    }

    var count: Int { scores.count }

    /// Scores below this cannot enter; `-infinity` until the heap is full (NaN never enters).
    private(set) var threshold: Float = -.infinity

    @inline(__always)
    mutating func offer(score: Float, row: Int) {
        guard score >= threshold, capacity > 0 else { return }
        if scores.count < capacity {
            scores.append(score)
            rows.append(row)
            siftUp(scores.count - 1)
            if scores.count == capacity { threshold = scores[0] }
        } else if Self.worse(scores[0], rows[0], than: score, row) {
            scores[0] = score
            rows[0] = row
            siftDown(0)
            threshold = scores[0]
        }
    }

    /// The kept hits, best first.
    func sortedHits() -> [SearchHit] {
        zip(rows, scores).map { SearchHit(row: $0, score: $1) }.sorted(by: SearchHit.ranksBefore)
    }

    @inline(__always)
    private static func worse(_ scoreA: Float, _ rowA: Int, than scoreB: Float, _ rowB: Int) -> Bool {
        scoreA < scoreB || (scoreA == scoreB && rowA > rowB)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(scores[child], rows[child], than: scores[parent], rows[parent]) else { return }
            scores.swapAt(child, parent)
            rows.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 &* parent &+ 1, right = left &+ 1
            if left < scores.count, Self.worse(scores[left], rows[left], than: scores[worst], rows[worst]) { worst = left }
            if right < scores.count, Self.worse(scores[right], rows[right], than: scores[worst], rows[worst]) { worst = right }
            guard worst != parent else { return }
            scores.swapAt(worst, parent)
            rows.swapAt(worst, parent)
            parent = worst
        }
    }
}
