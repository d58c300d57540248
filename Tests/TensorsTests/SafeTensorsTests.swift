import Foundation
import Testing
@testable import Tensors

@Suite struct SafeTensorsTests {
    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tensors-\(UUID())-\(name)")
    }

    /// `arange(n).reshape(shape) / 8 − 1`, the formula Workers/tensors-reference/safetensors_interop.py uses.
    static func pattern(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { Float($0) / 8 - 1 })
    }

    @Test func roundTripF32AndF16WithMetadata() throws {
        let url = Self.temporaryFile("a.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let a = randn([3, 7], seed: 1), b = Tensor(2.5)
        try SafeTensors.write([("z.last", a), ("a.first", b)], metadata: ["format": "pt", "k": "v"], to: url)
        let f = try SafeTensors(contentsOf: url)
        #expect(f.metadata == ["format": "pt", "k": "v"])
        #expect(f.names == ["z.last", "a.first"]) // file order
        #expect(try f.tensor("z.last").scalars == a.scalars)
        #expect(try f.tensor("a.first").shape == [])
        // The header is padded to 8 bytes, as the format recommends.
        let bytes = try Data(contentsOf: url)
        let n = bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect(n % 8 == 0)

        let half = Self.temporaryFile("h.safetensors")
        defer { try? FileManager.default.removeItem(at: half) }
        try SafeTensors.write(["x": a], as: .f16, to: half)
        let h = try SafeTensors(contentsOf: half)
        #expect(h.entries["x"]?.dtype == .f16)
        expectClose(try h.tensor("x"), a, atol: 1e-3, rtol: 1e-3, "f16 round trip")
    }

    @Test func readsFileWrittenByNumpy() throws {
        // Written byte by byte by make_fixtures.py: F32, F16, BF16, I64 and metadata.
        struct Expected: Decodable {
            let a: FixtureTensor, b: FixtureTensor, c: FixtureTensor, d: [Int64]
            enum CodingKeys: String, CodingKey { case a = "a.f32", b = "b.f16", c = "c.bf16", d = "d.i64" }
        }
        let e = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtureURL("safetensors_expected.json")))
        let f = try SafeTensors(contentsOf: fixtureURL("numpy_written.safetensors"))
        #expect(f.metadata == ["format": "pt", "note": "written by make_fixtures.py"])
        #expect(f.names == ["a.f32", "b.f16", "c.bf16", "d.i64"])
        #expect(try f.tensor("a.f32").scalars == e.a.tensor.scalars)
        #expect(try f.tensor("b.f16").scalars == e.b.tensor.scalars)
        #expect(try f.tensor("c.bf16").scalars == e.c.tensor.scalars)
        #expect(try f.int64s("d.i64") == e.d)
        #expect(throws: SafeTensorsError.self) { try f.tensor("d.i64") }
        #expect(throws: SafeTensorsError.self) { try f.tensor("missing") }
    }

    @Test func rejectsDamagedFiles() throws {
        let url = Self.temporaryFile("bad.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let good = try Data(contentsOf: fixtureURL("numpy_written.safetensors"))
        for bad in [Data([1, 2, 3]), good.prefix(good.count - 4), Data(repeating: 0xFF, count: 16),
                    Data([8, 0, 0, 0, 0, 0, 0, 0]) + Data("not json".utf8)] {
            try bad.write(to: url)
            #expect(throws: SafeTensorsError.self) { try SafeTensors(contentsOf: url) }
        }
    }

    // MARK: - Interop with Python's `safetensors` (runs only where it is installed)

    static let python = ProcessInfo.processInfo.environment["M3CLIP_PYTHON"] ?? "python3"
    static let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("../../Workers/tensors-reference/safetensors_interop.py").standardized

    @discardableResult
    static func run(_ args: [String]) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (-1, "\(error)") }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    static let pythonHasSafetensors: Bool =
        FileManager.default.fileExists(atPath: script.path) && run(["-c", "import safetensors, numpy"]).status == 0

    @Test(.enabled(if: pythonHasSafetensors, "needs python3 with safetensors and numpy (set M3CLIP_PYTHON)"))
    func pythonReadsOurFiles() throws {
        let url = Self.temporaryFile("swift.safetensors")
        let half = URL(fileURLWithPath: url.path.replacingOccurrences(of: ".safetensors", with: "-f16.safetensors"))
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: half) }
        try SafeTensors.write([("encoder.layer.0.weight", Self.pattern([3, 5])), ("scalar", Tensor(2.5)), ("half", Self.pattern([2, 4]))],
                              metadata: ["producer": "m3clip", "note": "ünïcode ✓"], to: url)
        try SafeTensors.write([("half", Self.pattern([2, 4]))], as: .f16, to: half)
        let r = Self.run([Self.script.path, "check", url.path])
        #expect(r.status == 0, "python check failed: \(r.output)")
    }

    @Test(.enabled(if: pythonHasSafetensors, "needs python3 with safetensors and numpy (set M3CLIP_PYTHON)"))
    func weReadPythonFiles() throws {
        let url = Self.temporaryFile("python.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = Self.run([Self.script.path, "write", url.path])
        try #require(r.status == 0, "python write failed: \(r.output)")
        let f = try SafeTensors(contentsOf: url)
        #expect(f.metadata == ["producer": "python"])
        #expect(try f.tensor("w").scalars == Self.pattern([4, 3]).scalars)
        #expect(try f.tensor("h").scalars == Self.pattern([2, 2]).scalars)
        #expect(try f.int64s("ids") == [3, -1, 1 << 35])
    }
}
