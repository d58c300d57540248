import Testing
@testable import Tensors

/// The buffer pool's bookkeeping on its own (addresses are plain numbers here: nothing is
/// allocated), so that what other tests allocate meanwhile cannot move the figures.
@Suite struct BufferPoolTests {
    let mb = 1 << 20

    @Test func sizeClassesAreEighthsOfAnOctave() {
        #expect(TensorMemory.rounded(100_000) == 102_400)                  // pages below 256 KiB
        #expect(TensorMemory.rounded(2 * mb) == 2 * mb)
        #expect(TensorMemory.rounded(2 * mb + 4096) == 2 * mb + mb / 4)
        #expect(TensorMemory.rounded(2 * mb + 200 * 1024) == 2 * mb + mb / 4)
        for bytes in stride(from: 256 * 1024, through: 64 * mb, by: 12_345) {
            let size = TensorMemory.rounded(bytes)
            #expect(size >= bytes && Double(size) <= Double(bytes + 4096) * 1.125 && size % (32 * 1024) == 0)
        }
    }

    @Test func reusesTheNewestBufferOfASizeClass() {
        var pool = TensorMemory.Pool()
        #expect(pool.take(size: 2 * mb) == nil)
        #expect(pool.take(size: 2 * mb) == nil)
        #expect(pool.keep(1, size: 2 * mb) == (true, []))
        #expect(pool.keep(2, size: 2 * mb) == (true, []))
        #expect(pool.take(size: 2 * mb) == 2)
        #expect(pool.take(size: 4 * mb) == nil)
        #expect(pool.bytes == 2 * mb)
    }

    @Test func holdsNoMoreThanTheMostEverInUse() {
        var pool = TensorMemory.Pool()
        _ = pool.take(size: 2 * mb)
        #expect(pool.keep(1, size: 2 * mb) == (true, []))
        _ = pool.take(size: 4 * mb)                          // in use at once: 4 MiB at most
        let result = pool.keep(2, size: 4 * mb)
        #expect(result.kept && result.evicted == [1])         // 2 + 4 MiB would pass it
        #expect(pool.bytes == 4 * mb && pool.live == 0)
    }

    @Test func evictsWhatWasReleasedLongestAgo() {
        var pool = TensorMemory.Pool()
        pool.limit = 6 * mb
        for _ in 0..<3 { _ = pool.take(size: 2 * mb) }
        for address: UInt in [1, 2, 3] { _ = pool.keep(address, size: 2 * mb) }
        #expect(pool.take(size: 2 * mb) == 3)
        _ = pool.take(size: 4 * mb)
        #expect(pool.keep(4, size: 4 * mb) == (true, [1]))
        #expect(pool.keep(3, size: 2 * mb) == (true, [2]))
        #expect(pool.free[2 * mb]!.map(\.address) == [3] && pool.free[4 * mb]!.map(\.address) == [4])
        #expect(pool.bytes == 6 * mb)
    }

    @Test func releaseOrderStaysInProportionToWhatIsCached() {
        var pool = TensorMemory.Pool()
        for size in 1...3 { _ = pool.take(size: size * mb) }     // all three in use at once
        for size in 1...3 { _ = pool.keep(UInt(size), size: size * mb) }
        for i in 0..<50_000 {
            let size = (1 + i % 3) * mb
            let address = pool.take(size: size) ?? UInt(i + 10)
            _ = pool.keep(address, size: size)
        }
        #expect(pool.count == 3 && pool.bytes == 6 * mb)
        #expect(pool.released.count - pool.head <= 2 * pool.count + 1024)
        #expect(pool.removeAll().count == 3 && pool.bytes == 0 && pool.count == 0)
    }
}
