import Testing
@testable import Index

@Suite struct ExactSearchTests {
    static let rows = 5000, columns = 64, k = 10
    static let matrix = IndexTestSupport.normalizedMatrix(rows: rows, columns: columns, seed: 42)
    static let queries = IndexTestSupport.normalizedMatrix(rows: 7, columns: columns, seed: 43)

    /// Exact scores in double precision, ranked by (score desc, row asc).
    static func bruteForce(_ query: ArraySlice<Float>, k: Int, allowed: ((Int) -> Bool)? = nil) -> [SearchHit] {
        let query = Array(query)
        var hits: [(row: Int, score: Double)] = []
        for row in 0..<rows where allowed?(row) ?? true {
            var sum = 0.0
            for column in 0..<columns { sum += Double(matrix[row * columns + column]) * Double(query[column]) }
            hits.append((row, sum))
        }
        hits.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        return hits.prefix(k).map { SearchHit(row: $0.row, score: Float($0.score)) }
    }

    /// Same rows in the same order as brute force, except that float rounding may swap rows whose
    /// exact scores are within 1e-5; every score is the row's exact score to 1e-5.
    static func expectMatches(_ hits: [SearchHit], _ expected: [SearchHit], query: ArraySlice<Float>,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(hits.count == expected.count, sourceLocation: sourceLocation)
        for (hit, want) in zip(hits, expected) {
            #expect(abs(hit.score - want.score) <= 1e-5, "row \(hit.row) vs \(want.row)", sourceLocation: sourceLocation)
            var exact = 0.0
            for column in 0..<columns { exact += Double(matrix[hit.row * columns + column]) * Double(query[query.startIndex + column]) }
            #expect(abs(Double(hit.score) - exact) <= 1e-5, sourceLocation: sourceLocation)
        }
        #expect(Set(hits.map(\.row)).count == hits.count, sourceLocation: sourceLocation)
    }

    static func query(_ index: Int) -> ArraySlice<Float> { queries[(index * columns)..<((index + 1) * columns)] }

    static let filter: @Sendable (Int) -> Bool = { $0 % 3 == 1 || $0 % 7 == 0 }

    @Test(arguments: [4096, 1000, 64])
    func singleQueryMatchesBruteForce(blockRows: Int) throws {
        var search = ExactSearch(matrix: EmbeddingMatrix(copying: Self.matrix, columns: Self.columns))
        search.blockRows = blockRows
        for index in 0..<7 {
            Self.expectMatches(try search.search(Array(Self.query(index)), k: Self.k), Self.bruteForce(Self.query(index), k: Self.k), query: Self.query(index))
        }
    }

    @Test(arguments: [(4096, 256), (1000, 3), (64, 1)])
    func batchMatchesBruteForce(blockRows: Int, queryChunk: Int) throws {
        var search = ExactSearch(matrix: EmbeddingMatrix(copying: Self.matrix, columns: Self.columns))
        search.blockRows = blockRows
        search.queryChunk = queryChunk
        let results = try search.search(batch: Self.queries, k: Self.k)
        #expect(results.count == 7)
        for (index, hits) in results.enumerated() {
            Self.expectMatches(hits, Self.bruteForce(Self.query(index), k: Self.k), query: Self.query(index))
        }
    }

    @Test func filteredSearchMatchesBruteForce() throws {
        let search = ExactSearch(matrix: EmbeddingMatrix(copying: Self.matrix, columns: Self.columns))
        let mask = RowMask(count: Self.rows, where: Self.filter)
        let batch = try search.search(batch: Self.queries, k: Self.k, allowed: mask)
        for index in 0..<7 {
            let expected = Self.bruteForce(Self.query(index), k: Self.k, allowed: Self.filter)
            Self.expectMatches(try search.search(Array(Self.query(index)), k: Self.k, allowed: mask), expected, query: Self.query(index))
            Self.expectMatches(batch[index], expected, query: Self.query(index))
            #expect(batch[index].allSatisfy { Self.filter($0.row) })
        }
    }

    @Test func sparseFilterUsesRowKernelAndStillMatches() throws {
        let search = ExactSearch(matrix: EmbeddingMatrix(copying: Self.matrix, columns: Self.columns))
        let sparse: (Int) -> Bool = { $0 % 97 == 5 || (4100..<4200).contains($0) }
        let mask = RowMask(count: Self.rows, where: sparse)
        for index in 0..<3 {
            let expected = Self.bruteForce(Self.query(index), k: Self.k, allowed: sparse)
            Self.expectMatches(try search.search(Array(Self.query(index)), k: Self.k, allowed: mask), expected, query: Self.query(index))
            Self.expectMatches(try search.search(batch: Array(Self.query(index)), k: Self.k, allowed: mask)[0], expected, query: Self.query(index))
        }
        // Fewer allowed rows than k: all of them, best first.
        let three = RowMask(count: Self.rows) { [10, 20, 30].contains($0) }
        #expect(try search.search(Array(Self.query(0)), k: Self.k, allowed: three).map(\.row).sorted() == [10, 20, 30])
        #expect(try search.search(Array(Self.query(0)), k: Self.k, allowed: RowMask(count: Self.rows)).isEmpty)
    }

    @Test func tiesComeOutLowerRowFirst() throws {
        // Rows 0-9 all equal; the query scores each row 1.
        let matrix = [Float](repeating: 1, count: 10 * 4)
        let search = ExactSearch(matrix: EmbeddingMatrix(copying: matrix, columns: 4))
        let query: [Float] = [0.25, 0.25, 0.25, 0.25]
        #expect(try search.search(query, k: 3).map(\.row) == [0, 1, 2])
        #expect(try search.search(batch: query + query, k: 4).map { $0.map(\.row) } == [[0, 1, 2, 3], [0, 1, 2, 3]])
        var tiny = search
        tiny.blockRows = 3
        #expect(try tiny.search(query, k: 5).map(\.row) == [0, 1, 2, 3, 4])
    }

    @Test func edgeCases() throws {
        let search = ExactSearch(matrix: EmbeddingMatrix(copying: Self.matrix, columns: Self.columns))
        #expect(try search.search(Array(Self.query(0)), k: 0).isEmpty)
        #expect(try search.search(Array(Self.query(0)), k: 10_000).count == Self.rows)
        #expect(throws: IndexError.self) { try search.search([1, 2, 3], k: 1) }
        #expect(throws: IndexError.self) { try search.search(batch: [Float](repeating: 0, count: 65), k: 1) }
        #expect(throws: IndexError.self) { try search.search(Array(Self.query(0)), k: 1, allowed: RowMask(count: 3)) }
        #expect(try search.search(batch: [], k: 3).isEmpty)
        let empty = ExactSearch(matrix: EmbeddingMatrix(copying: [], columns: 4))
        #expect(try empty.search([1, 0, 0, 0], k: 3).isEmpty)
        #expect(try empty.search(batch: [1, 0, 0, 0, 0, 1, 0, 0], k: 3) == [[], []])
    }

    @Test func rowMaskCounts() {
        let mask = RowMask(count: 130, where: { $0 % 2 == 0 })
        #expect(mask.allowedCount == 65)
        #expect(mask.allowedCount(in: 0..<64) == 32)
        #expect(mask.allowedCount(in: 63..<129) == 33)
        #expect(RowMask(count: 130, allowed: true).allowedCount == 130)
        #expect(RowMask(count: 128, allowed: true).allowedCount(in: 60..<128) == 68)
        #expect(!mask.contains(130) && !mask.contains(-1))
    }
}
