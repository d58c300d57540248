import Foundation
@testable import Index

/// A deterministic random generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum IndexTestSupport {
    /// A fresh empty folder under the system temp folder.
    static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-index-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `rows × columns` values, each row L2-normalised.
    static func normalizedMatrix(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var values = (0..<(rows * columns)).map { _ in Float.random(in: -1...1, using: &generator) }
        for row in 0..<rows {
            let range = (row * columns)..<((row + 1) * columns)
            let norm = values[range].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for index in range { values[index] /= norm }
        }
        return values
    }

    static let languages = ["eng_Latn", "deu_Latn", "swh_Latn"]
    static let labelCodes = ["1.........1...", "0..u..........", "..........0...", ".............1"]

    static func imageRows(_ count: Int, version: Int = 1) -> [IndexRow] {
        (0..<count).map { index in
            IndexRow(modality: .image, study: "S\(index / 2)", part: "image:\(index)", labels: index % 5 == 0 ? nil : labelCodes[index % 4],
                     corpusVersion: version + index % 3)
        }
    }

    static func textRows(_ count: Int, version: Int = 1) -> [IndexRow] {
        (0..<count).map { index in
            IndexRow(modality: .text, study: "S\(index / 3)", part: "sentence:\(index)", sentenceID: Int64(index),
                     language: languages[index % 3], text: "Sentence \(index) / \"quoted\"\nsecond line ü",
                     labels: labelCodes[index % 4], corpusVersion: version + index % 2)
        }
    }

    static let model = IndexWriter.Model(id: "model-test", sha256: String(repeating: "ab", count: 32))

    /// Publishes a small index whose vectors depend on `seed`; returns its id.
    @discardableResult
    static func publish(in indexes: IndexDirectory, id: String, seed: UInt64, images: Int = 6, texts: Int = 9, dimension: Int = 8,
                        dtype: EmbeddingDType = .float32) throws -> IndexManifest {
        let writer = IndexWriter(directory: indexes, dtype: dtype)
        return try writer.write(id: id, model: model, corpusVersion: Int(seed), dimension: dimension,
                                images: .init(rows: imageRows(images), embeddings: normalizedMatrix(rows: images, columns: dimension, seed: seed)),
                                texts: .init(rows: textRows(texts), embeddings: normalizedMatrix(rows: texts, columns: dimension, seed: seed + 1000)))
    }

    static var numpyAvailable: Bool { python(["-c", "import numpy"])?.status == 0 }

    /// Runs `python3 ARGS`; nil when python3 cannot be started.
    static func python(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
