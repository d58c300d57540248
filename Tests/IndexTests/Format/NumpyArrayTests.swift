import Foundation
import Testing
@testable import Index

@Suite struct NumpyArrayTests {
    @Test func float32RoundTrip() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let values: [Float] = (0..<(7 * 5)).map { Float($0) * 0.25 - 3 }
        let path = folder.appendingPathComponent("m.npy").path
        let digest = try NumpyArray.write(values, columns: 5, to: path)
        let array = try MappedNumpyArray(path: path)
        #expect(array.rows == 7 && array.columns == 5 && array.dtype == .float32)
        #expect(Array(array.matrix.values) == values)
        #expect(array.header.dataOffset % 64 == 0)
        #expect(digest == (try FileDigest(contentsOf: path)))
        #expect(digest.size == array.header.dataOffset + values.count * 4)
        // float32 data is used in place, inside the mapping.
        let base = UnsafeRawPointer(array.floats)
        #expect(base == array.file.bytes.baseAddress! + array.header.dataOffset)
    }

    @Test func float16RoundTrip() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let values = IndexTestSupport.normalizedMatrix(rows: 9, columns: 16, seed: 3)
        let path = folder.appendingPathComponent("h.npy").path
        let digest = try NumpyArray.write(values, columns: 16, dtype: .float16, to: path)
        let array = try MappedNumpyArray(path: path)
        #expect(array.dtype == .float16 && array.rows == 9 && array.columns == 16)
        #expect(digest.size == array.header.dataOffset + values.count * 2)
        for (read, written) in zip(array.matrix.values, values) {
            #expect(read == Float(Float16(written)))
            #expect(abs(read - written) <= 1e-3)
        }
    }

    @Test(arguments: [(0, 512), (1, 1), (2, 3), (9, 64), (123_456, 512), (10_000_000_000, 8), (1, 1_000_000)])
    func headerIsAlignedAndParses(rows: Int, columns: Int) throws {
        for dtype in EmbeddingDType.allCases {
            let header = NumpyHeader(dtype: dtype, rows: rows, columns: columns)
            let bytes = header.encoded()
            #expect(bytes.count % 64 == 0)
            #expect(bytes.last == 0x0a)
            #expect(header.dataOffset == bytes.count)
            let parsed = try bytes.withUnsafeBytes { try NumpyHeader.parse($0, name: "test") }
            #expect(parsed == header)
        }
    }

    /// The exact bytes `numpy.save` (numpy 2.4) writes, captured with
    /// `numpy.save(buffer, numpy.zeros((2, 3), dtype='<f4'))`.
    @Test func headerIsExactlyNumpys() {
        let expectedFloat32 = "\u{93}NUMPY\u{1}\u{0}v\u{0}{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
            + String(repeating: " ", count: 58) + "\n"
        #expect(NumpyHeader(dtype: .float32, rows: 2, columns: 3).encoded() == Array(expectedFloat32.unicodeScalars.map { UInt8($0.value) }))
        let expectedFloat16 = "\u{93}NUMPY\u{1}\u{0}v\u{0}{'descr': '<f2', 'fortran_order': False, 'shape': (0, 512), }"
            + String(repeating: " ", count: 56) + "\n"
        #expect(NumpyHeader(dtype: .float16, rows: 0, columns: 512).encoded() == Array(expectedFloat16.unicodeScalars.map { UInt8($0.value) }))
    }

    @Test func parsesOtherSpellingsNumpyCouldWrite() throws {
        var text = "{\"shape\": (4,3), \"fortran_order\": False , 'descr':'<f4'}"
        text += String(repeating: " ", count: 64 - (12 + text.utf8.count + 1) % 64)
        var bytes = NumpyHeader.magic + [2, 0]
        let length = text.utf8.count + 1
        bytes += [UInt8(length & 0xff), UInt8(length >> 8), 0, 0] + Array(text.utf8) + [0x0a]
        let header = try bytes.withUnsafeBytes { try NumpyHeader.parse($0, name: "v2") }
        #expect(header.rows == 4 && header.columns == 3 && header.dtype == .float32 && header.dataOffset == bytes.count)
    }

    @Test func badFilesGetClearErrors() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func failure(_ bytes: [UInt8]) -> String {
            let path = folder.appendingPathComponent("\(UUID().uuidString).npy").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do {
                _ = try MappedNumpyArray(path: path)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let good = NumpyHeader(dtype: .float32, rows: 2, columns: 3).encoded() + [UInt8](repeating: 0, count: 24)
        #expect(failure(Array("hello world".utf8)).contains("not a .npy file"))
        #expect(failure([]).contains("not a .npy file"))
        #expect(failure(Array(good.dropLast(4))).contains("needs"))
        #expect(failure(good + [0]).contains("needs"))
        #expect(failure(Array(good.prefix(40))).contains("truncated"))
        #expect(failure(replacing("<f4", with: "<f8", in: good)).contains("unsupported dtype '<f8'"))
        #expect(failure(replacing("<f4", with: ">f4", in: good)).contains("unsupported dtype '>f4'"))
        #expect(failure(replacing("False", with: "True ", in: good)).contains("Fortran"))
        #expect(failure(replacing("(2, 3), ", with: "(2,3,1) ", in: good)).contains("2-D"))
        #expect(failure(replacing("'shape'", with: "'shapx'", in: good)).contains("no 'shape'"))
        #expect(failure(replacing("(2, 3)", with: "[2, 3]", in: good)).contains("malformed"))
        var version = good
        version[6] = 9
        #expect(failure(version).contains("version 9.0"))
        #expect(throws: IndexError.self) { try MappedNumpyArray(path: folder.appendingPathComponent("missing.npy").path) }
    }

    private func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        let from = Array(old.utf8), to = Array(new.utf8)
        precondition(from.count == to.count)
        var result = bytes
        for start in 0...(bytes.count - from.count) where Array(bytes[start..<(start + from.count)]) == from {
            result.replaceSubrange(start..<(start + from.count), with: to)
            return result
        }
        preconditionFailure("'\(old)' not found")
    }

    @Test(.enabled(if: IndexTestSupport.numpyAvailable, "python3 with numpy is not installed"))
    func numpyMapsTheFile() throws {
        let folder = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let values: [Float] = (0..<12).map { Float($0) + 0.5 }
        for dtype in EmbeddingDType.allCases {
            let path = folder.appendingPathComponent("\(dtype).npy").path
            try NumpyArray.write(values, columns: 4, dtype: dtype, to: path)
            let script = "import numpy; a=numpy.load('\(path)', mmap_mode='r'); print(a.shape, float(a[1,2]), a.dtype)"
            let result = try #require(IndexTestSupport.python(["-c", script]))
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "(3, 4) 6.5 \(dtype)")
        }
    }
}
