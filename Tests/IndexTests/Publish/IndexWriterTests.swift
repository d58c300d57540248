import Foundation
import Testing
@testable import Index

@Suite struct IndexWriterTests {
    @Test(arguments: EmbeddingDType.allCases)
    func writeThenRead(dtype: EmbeddingDType) throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        let created = Date(timeIntervalSince1970: 1_786_000_000.25)
        let images = IndexTestSupport.normalizedMatrix(rows: 6, columns: 8, seed: 1)
        let texts = IndexTestSupport.normalizedMatrix(rows: 9, columns: 8, seed: 2)
        let manifest = try IndexWriter(directory: indexes, dtype: dtype).write(
            model: IndexTestSupport.model, corpusVersion: 12, dimension: 8,
            images: .init(rows: IndexTestSupport.imageRows(6), embeddings: images),
            texts: .init(rows: IndexTestSupport.textRows(9), embeddings: texts), createdAt: created)
        #expect(manifest.id.hasPrefix("20260806T070640Z-v12-"))
        #expect(try indexes.ids() == [manifest.id])
        #expect(try indexes.currentID() == nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: indexes.path(of: manifest.id).path).sorted()
        #expect(names == (IndexManifest.fileNames + ["manifest.json"]).sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes.url.path).filter { $0.hasPrefix(".tmp") }.isEmpty)

        let index = try PublishedIndex(indexes: indexes, reference: manifest.id, verifyChecksums: true)
        #expect(index.manifest == manifest)
        #expect(manifest.counts == ["image": 6, "text": 9])
        #expect(manifest.languages == ["eng_Latn": 3, "deu_Latn": 3, "swh_Latn": 3])
        #expect(manifest.createdAt == created)
        #expect(manifest.dtype == dtype && manifest.dimension == 8 && manifest.corpusVersion == 12)
        #expect(index.imageRows == IndexTestSupport.imageRows(6))
        #expect(index.textRows == IndexTestSupport.textRows(9))
        let tolerance: Float = dtype == .float32 ? 0 : 1e-3
        #expect(zip(index.images.matrix.values, images).allSatisfy { abs($0 - $1) <= tolerance })
        #expect(zip(index.texts.matrix.values, texts).allSatisfy { abs($0 - $1) <= tolerance })
        // The FAISS files hold the float32 vectors whatever the .npy dtype.
        #expect(try FlatIndexFile.read(path: index.directory.appendingPathComponent("texts.faiss").path).values == texts)

        // Search through the published index returns metadata.
        let query = Array(texts[(3 * 8)..<(4 * 8)])
        let live = try LiveIndex(indexes: indexes, reference: manifest.id)
        let matches = try live.search(query, modality: .text, k: 2)
        #expect(matches.first?.row == 3 && matches.first?.metadata == index.textRows[3])
        let german = try live.search(query, modality: .text, k: 10, filter: RowFilter(languages: ["deu_Latn"]))
        #expect(german.count == 3 && german.allSatisfy { $0.metadata.language == "deu_Latn" })
        let effusion = try live.search(query, modality: .image, k: 10, filter: RowFilter(labels: [LabelCondition(parsing: "Pleural Effusion=1")]))
        #expect(!effusion.isEmpty && effusion.allSatisfy { $0.metadata.labels?.hasSuffix("1...") == true })
    }

    @Test func manifestAndRowsAreTheDocumentedJSON() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "a", seed: 1)
        let folder = indexes.path(of: "a")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect(Set(manifest.keys) == ["format_version", "id", "model_id", "model_sha256", "corpus_version", "dimension", "dtype", "counts",
                                       "languages", "created_at", "files"])
        #expect(manifest["format_version"] as? Int == 1 && manifest["dtype"] as? String == "float32")
        #expect((manifest["created_at"] as? String)?.hasSuffix("Z") == true)
        let lines = try String(contentsOf: folder.appendingPathComponent("images.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0] == #"{"corpus_version":1,"labels":null,"language":null,"modality":"image","part":"image:0","sentence_id":null,"study":"S0","text":null}"#)
        let text = try String(contentsOf: folder.appendingPathComponent("texts.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(text.count == 9)
        #expect(text[1].contains(#""text":"Sentence 1 / \"quoted\"\nsecond line ü""#))
    }

    @Test func rejectsBadInputAndLeavesNothing() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        let writer = IndexWriter(directory: indexes)
        let rows = IndexTestSupport.textRows(2)
        func failure(_ texts: IndexWriter.Section, images: IndexWriter.Section = .empty, id: String? = nil) -> String {
            do {
                try writer.write(id: id, model: IndexTestSupport.model, corpusVersion: 1, dimension: 2, images: images, texts: texts)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(failure(.init(rows: rows, embeddings: [1, 0, 0, 2])).contains("L2 norm 2"))
        #expect(failure(.init(rows: rows, embeddings: [1, 0, .nan, 0])).contains("L2-normalised"))
        #expect(failure(.init(rows: rows, embeddings: [1, 0])).contains("2 values for 2 rows"))
        #expect(failure(.empty, images: .init(rows: rows, embeddings: [1, 0, 0, 1])).contains("modality text"))
        var badLabels = rows
        badLabels[1].labels = "1x"
        #expect(failure(.init(rows: badLabels, embeddings: [1, 0, 0, 1])).contains("label code"))
        #expect(failure(.init(rows: rows, embeddings: [1, 0, 0, 1]), id: "../x").contains("not a valid index id"))
        #expect(failure(.init(rows: rows, embeddings: [1, 0, 0, 1]), id: "current").contains("not a valid index id"))
        #expect(failure(.init(rows: rows, embeddings: [1, 0, 0, 1]), id: "ok") == "no error")
        #expect(failure(.init(rows: rows, embeddings: [1, 0, 0, 1]), id: "ok").contains("already exists"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes.url.path).sorted() == ["ok"])
    }

    @Test func readerRejectsTamperedIndexes() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "a", seed: 1)
        let texts = indexes.path(of: "a").appendingPathComponent("texts.jsonl")
        let original = try String(contentsOf: texts, encoding: .utf8)
        let tampered = original.replacingOccurrences(of: "Sentence 8 ", with: "Sentence 9 ")  // same size, different bytes
        #expect(tampered != original && tampered.utf8.count == original.utf8.count)
        try Data(tampered.utf8).write(to: texts)
        _ = try PublishedIndex(indexes: indexes, reference: "a")
        let checked = #expect(throws: IndexError.self) { try PublishedIndex(indexes: indexes, reference: "a", verifyChecksums: true) }
        #expect(checked?.message.contains("sha256") == true)
        try Data("x".utf8).write(to: indexes.path(of: "a").appendingPathComponent("images.npy"))
        let sized = #expect(throws: IndexError.self) { try PublishedIndex(indexes: indexes, reference: "a") }
        #expect(sized?.message.contains("the manifest says") == true)
        #expect(throws: IndexError.self) { try PublishedIndex(indexes: indexes, reference: "missing") }
        #expect(throws: IndexError.self) { try PublishedIndex(indexes: indexes) }
    }
}
