import Foundation
import Testing
@testable import Index

/// Delta segments: appended without touching the base, masked rows left out of search, seen by a
/// new open and not by one opened before, and merged into a new index without re-embedding.
@Suite struct LiveIndexTests {
    static let dimension = 8

    /// A base of 6 images and 9 texts, then a delta with 2 new images (one nearly equal to base
    /// image 0) and 1 text, masking base image 1 and base text 4.
    static func indexWithDelta() throws -> (store: URL, indexes: IndexDirectory, newImages: [Float]) {
        let store = try IndexTestSupport.temporaryDirectory()
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "base", seed: 3)
        let newImages = IndexTestSupport.normalizedMatrix(rows: 2, columns: dimension, seed: 77)
        let rows = [IndexRow(modality: .image, study: "NEW", part: "image:100", labels: "1.............", corpusVersion: 9),
                    IndexRow(modality: .image, study: "NEW", part: "image:101", labels: nil, corpusVersion: 9)]
        let text = IndexRow(modality: .text, study: "NEW", part: "sentence:100", sentenceID: 100, language: "swh_Latn",
                            text: "Hakuna uvimbe", labels: "1.............", corpusVersion: 9)
        let writer = IndexWriter(directory: indexes)
        let manifest = try writer.writeDelta(to: "base", corpusVersion: 9, images: .init(rows: rows, embeddings: newImages),
                                             texts: .init(rows: [text], embeddings: IndexTestSupport.normalizedMatrix(rows: 1, columns: dimension, seed: 78)),
                                             masked: [.image: [1], .text: [4]])
        #expect(manifest.id == "delta-0001" && manifest.base == "base" && manifest.masked == ["image": [1], "text": [4]])
        #expect(manifest.modelID == IndexTestSupport.model.id && manifest.counts == ["image": 2, "text": 1])
        return (store, indexes, newImages)
    }

    @Test func deltasAddRowsAndMaskOldOnes() throws {
        let (store, indexes, newImages) = try Self.indexWithDelta()
        defer { try? FileManager.default.removeItem(at: store) }
        let live = try LiveIndex(indexes: indexes, reference: "base")
        #expect(live.deltas.count == 1 && live.corpusVersion == 9)
        #expect(live.liveCount(.image) == 7 && live.liveCount(.text) == 9)
        #expect(live.liveRows(.image).map(\.row) == [0, 2, 3, 4, 5, 6, 7])
        // The new image is found by its own vector, numbered after the base rows.
        let hit = try #require(try live.search(Array(newImages[0..<Self.dimension]), modality: .image, k: 1).first)
        #expect(hit.row == 6 && hit.metadata.part == "image:100" && abs(hit.score - 1) < 1e-5)
        // A masked row is never returned, even for its own vector.
        let base = try PublishedIndex(indexes: indexes, reference: "base")
        let maskedQuery = base.images.row(1)
        let results = try live.search(maskedQuery, modality: .image, k: 10)
        #expect(results.count == 7 && !results.contains { $0.metadata.part == "image:1" })
        let batch = try live.search(batch: maskedQuery + Array(newImages[0..<Self.dimension]), modality: .image, k: 3)
        #expect(batch.count == 2 && batch[1].first?.row == 6 && !batch[0].contains { $0.row == 1 })
        // Filters apply to delta rows too.
        let swahili = try live.search(Array(newImages[0..<Self.dimension]), modality: .text, k: 10, filter: RowFilter(languages: ["swh_Latn"]))
        #expect(swahili.map(\.metadata.part).contains("sentence:100") && !swahili.contains { $0.metadata.part == "sentence:4" })
        // The base folder is untouched: its checksums still hold.
        _ = try PublishedIndex(indexes: indexes, reference: "base", verifyChecksums: true)
    }

    @Test func anOpenIndexKeepsItsViewAndSeesNewDeltasOnReopen() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "base", seed: 4)
        let before = try LiveIndex(indexes: indexes, reference: "base")
        #expect(!before.hasNewDeltas())
        let rows = [IndexRow(modality: .image, study: "N", part: "image:50", corpusVersion: 5)]
        try IndexWriter(directory: indexes).writeDelta(to: "base", corpusVersion: 5,
                                                       images: .init(rows: rows, embeddings: IndexTestSupport.normalizedMatrix(rows: 1, columns: 8, seed: 9)),
                                                       texts: .empty, masked: [:])
        #expect(before.hasNewDeltas() && before.liveCount(.image) == 6)
        let after = try LiveIndex(indexes: indexes, reference: "base")
        #expect(after.liveCount(.image) == 7 && !after.hasNewDeltas())
        let second = try IndexWriter(directory: indexes).writeDelta(to: "base", corpusVersion: 6, images: .empty, texts: .empty, masked: [.image: [6]])
        #expect(second.id == "delta-0002")
        #expect(try LiveIndex(indexes: indexes, reference: "base").liveCount(.image) == 6)
    }

    @Test func malformedDeltasAreRefused() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "base", seed: 4)
        // A mask must name a row before the delta.
        try IndexWriter(directory: indexes).writeDelta(to: "base", corpusVersion: 5, images: .empty, texts: .empty, masked: [.image: [6]])
        #expect(throws: IndexError.self) { try LiveIndex(indexes: indexes, reference: "base") }
        try FileManager.default.removeItem(at: indexes.path(of: "base").appendingPathComponent("delta-0001"))
        // A gap in the numbering is a damaged index.
        try FileManager.default.createDirectory(at: indexes.path(of: "base").appendingPathComponent("delta-0002"), withIntermediateDirectories: true)
        let error = #expect(throws: IndexError.self) { try LiveIndex(indexes: indexes, reference: "base") }
        #expect(error?.message.contains("out of sequence") == true)
    }

    @Test func mergeCopiesLiveRowsIntoANewIndex() throws {
        let (store, indexes, newImages) = try Self.indexWithDelta()
        defer { try? FileManager.default.removeItem(at: store) }
        let live = try LiveIndex(indexes: indexes, reference: "base")
        let merged = try IndexWriter(directory: indexes).merge(live, id: "merged")
        #expect(merged.counts == ["image": 7, "text": 9] && merged.corpusVersion == 9 && merged.modelID == IndexTestSupport.model.id)
        let reopened = try LiveIndex(indexes: indexes, reference: "merged", verifyChecksums: true)
        #expect(reopened.deltas.isEmpty)
        #expect(reopened.base.imageRows.map(\.part) == live.liveRows(.image).map(\.metadata.part))
        let query = Array(newImages[0..<Self.dimension])
        #expect(try reopened.search(query, modality: .image, k: 7).map(\.metadata) == live.search(query, modality: .image, k: 7).map(\.metadata))
    }
}
