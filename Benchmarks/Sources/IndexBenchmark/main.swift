// Exact inner-product search (issue 12): `ExactSearch` over a mapped 100,000 × 512 float32 `.npy`,
// one query at a time and in batches of 100, queries/s; with --faiss PYTHON the same data and queries
// go through FAISS `IndexFlatIP` (Workers/index-reference/bench_faiss.py) in the same run, which also
// checks that both return the same top-10.
//
//   swift run -c release IndexBenchmark [--rows N] [--dim D] [--queries Q] [--threads T] [--faiss /path/to/python]
import COpenBLAS
import Foundation
import Index

var rows = 100_000, dim = 512, queryCount = 400, threads = 1
var faissPython: String? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--rows": rows = Int(arguments.next() ?? "") ?? rows
    case "--dim": dim = Int(arguments.next() ?? "") ?? dim
    case "--queries": queryCount = Int(arguments.next() ?? "") ?? queryCount
    case "--threads": threads = Int(arguments.next() ?? "") ?? threads
    case "--faiss": faissPython = arguments.next()
    case "--copy": break
    default: FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8)); exit(2)
    }
}
openblas_set_num_threads(Int32(threads))

/// Deterministic L2-normalised rows (xorshift + Box–Muller-free uniform is enough for timing).
func normalisedRows(_ count: Int, dim: Int, seed: UInt64) -> [Float] {
    var state = seed
    var out = [Float](repeating: 0, count: count * dim)
    for r in 0..<count {
        var norm: Float = 0
        for c in 0..<dim {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let v = Float(Int64(bitPattern: state % 2_000_001) - 1_000_000) / 1_000_000
            out[r * dim + c] = v
            norm += v * v
        }
        let inverse = 1 / norm.squareRoot()
        for c in 0..<dim { out[r * dim + c] *= inverse }
    }
    return out
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-index-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let base = folder.appendingPathComponent("base.npy").path
try NumpyArray.write(normalisedRows(rows, dim: dim, seed: 1), columns: dim, to: base)
let queries = normalisedRows(queryCount, dim: dim, seed: 2)
try NumpyArray.write(queries, columns: dim, to: folder.appendingPathComponent("queries.npy").path)
let mapped = try MappedNumpyArray(path: base)
let copied = CommandLine.arguments.contains("--copy")
let search = ExactSearch(matrix: copied ? EmbeddingMatrix(copying: Array(UnsafeBufferPointer(start: mapped.floats, count: rows * dim)), columns: dim)
                                       : mapped.matrix)

_ = try search.search(Array(queries[0..<dim]), k: 10)
var start = Date()
var top: [[SearchHit]] = []
for q in 0..<queryCount { top.append(try search.search(Array(queries[(q * dim)..<((q + 1) * dim)]), k: 10)) }
let single = Double(queryCount) / Date().timeIntervalSince(start)
start = Date()
for q in stride(from: 0, to: queryCount, by: 100) {
    _ = try search.search(batch: Array(queries[(q * dim)..<(min(queryCount, q + 100) * dim)]), k: 10)
}
let batch = Double(queryCount) / Date().timeIntervalSince(start)
// Written unbuffered, so it precedes the FAISS line when piped.
FileHandle.standardOutput.write(Data(String(format: "swift ExactSearch threads=%d, %d × %d float32 (mapped .npy): batch 1 %8.1f q/s, batch 100 %8.1f q/s\n",
                                            threads, rows, dim, single, batch).utf8))

if let faissPython {
    try NumpyArray.write(top.flatMap { $0.map { Float($0.row) } }, columns: 10, to: folder.appendingPathComponent("swift_rows.npy").path)
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Workers/index-reference/bench_faiss.py").standardizedFileURL
    let process = Process()
    process.executableURL = URL(fileURLWithPath: faissPython)
    process.arguments = ["-c", """
        import numpy as np, runpy, sys
        d = sys.argv[1]
        np.save(d + "/swift_top10.npy", np.load(d + "/swift_rows.npy").astype(np.int64))
        sys.argv = [sys.argv[2], d, "--threads", sys.argv[3]]
        runpy.run_path(sys.argv[0], run_name="__main__")
        """, folder.path, script.path, "\(threads)"]
    try process.run()
    process.waitUntilExit()
}
