import Foundation
import Testing
@testable import Index

@Suite struct FlatIndexFileTests {
    /// The bytes `faiss.write_index(IndexFlatIP(3) + add([[1,2,3],[4,5,6]]))` produces, field by
    /// field (faiss/impl/index_write.cpp, io_macros.h `WRITEXBVECTOR`).
    @Test func twoByThreeLayout() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.faiss").path
        let digest = try FlatIndexFile.write([1, 2, 3, 4, 5, 6], dimension: 3, to: path)
        let bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        let expected: [UInt8] = [
            0x49, 0x78, 0x46, 0x49,  // "IxFI"
            0x03, 0x00, 0x00, 0x00,  // d = 3 (int32)
            0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // ntotal = 2 (int64)
            0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,  // dummy 1 << 20
            0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,  // dummy 1 << 20
            0x01,  // is_trained
            0x00, 0x00, 0x00, 0x00,  // METRIC_INNER_PRODUCT
            0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // codes.size() / 4 = 6 floats (uint64)
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40,  // 1, 2, 3
            0x00, 0x00, 0x80, 0x40, 0x00, 0x00, 0xA0, 0x40, 0x00, 0x00, 0xC0, 0x40,  // 4, 5, 6
        ]
        #expect(bytes == expected)
        #expect(bytes.count == 69 && FlatIndexFile.headerSize == 45)
        #expect(digest.size == 69)
        #expect(FlatIndexFile.fileSize(rows: 2, dimension: 3) == 69)
    }

    @Test func readBack() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.faiss").path
        let values = IndexTestSupport.normalizedMatrix(rows: 50, columns: 16, seed: 5)
        try FlatIndexFile.write(values, dimension: 16, to: path)
        let (header, read) = try FlatIndexFile.read(path: path)
        #expect(header == FlatIndexFile.Header(dimension: 16, count: 50))
        #expect(read == values)

        let empty = folder.appendingPathComponent("empty.faiss").path
        try FlatIndexFile.write([], dimension: 16, to: empty)
        #expect(try FlatIndexFile.read(path: empty).header == FlatIndexFile.Header(dimension: 16, count: 0))
    }

    @Test func rejectsBadFiles() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.faiss").path
        try FlatIndexFile.write([1, 2, 3, 4, 5, 6], dimension: 3, to: path)
        let good = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        func failure(_ bytes: [UInt8]) -> String {
            bytes.withUnsafeBytes { raw in
                do {
                    _ = try FlatIndexFile.readHeader(raw, name: "x.faiss")
                    return "no error"
                } catch {
                    return "\(error)"
                }
            }
        }
        #expect(failure(good) == "no error")
        #expect(failure(Array(good.prefix(20))).contains("too short"))
        var l2 = good
        l2[3] = UInt8(ascii: "2")
        #expect(failure(l2).contains("not a FAISS IndexFlatIP"))
        var metric = good
        metric[33] = 1
        #expect(failure(metric).contains("not inner product"))
        var count = good
        count[37] = 7
        #expect(failure(count).contains("vector length"))
        #expect(failure(Array(good.dropLast())).contains("need"))
        #expect(throws: IndexError.self) { try FlatIndexFile.write([1, 2, 3, 4], dimension: 3, to: folder.appendingPathComponent("bad").path) }
        // Existing files are never overwritten.
        #expect(throws: IndexError.self) { try FlatIndexFile.write([1, 2, 3], dimension: 3, to: path) }
    }
}
