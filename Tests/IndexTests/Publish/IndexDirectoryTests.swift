import Foundation
import Testing
@testable import Index

@Suite struct IndexDirectoryTests {
    @Test func readerKeepsTheOldIndexWhileCurrentMoves() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "a", seed: 1)
        try IndexTestSupport.publish(in: indexes, id: "b", seed: 2)
        try indexes.makeCurrent("a")
        let old = try LiveIndex(indexes: indexes)
        #expect(old.id == "a")
        let expectedA = IndexTestSupport.normalizedMatrix(rows: 9, columns: 8, seed: 1001)

        try indexes.makeCurrent("b")
        #expect(try indexes.currentID() == "b")
        let destination = try FileManager.default.destinationOfSymbolicLink(atPath: indexes.url.appendingPathComponent("current").path)
        #expect(destination == "b")  // relative link
        #expect(Array(old.base.texts.matrix.values) == expectedA)
        #expect(try old.search(Array(expectedA[16..<24]), modality: .text, k: 1).first?.row == 2)
        let new = try PublishedIndex(indexes: indexes)
        #expect(new.id == "b" && Array(new.texts.matrix.values) == IndexTestSupport.normalizedMatrix(rows: 9, columns: 8, seed: 1002))

        // Even deleting the old folder does not disturb the open reader.
        try FileManager.default.removeItem(at: indexes.path(of: "a"))
        #expect(Array(old.base.texts.matrix.values) == expectedA)
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes.url.path).filter { $0.hasPrefix(".current") }.isEmpty)
    }

    @Test func concurrentReadersAlwaysSeeAWholeIndex() async throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "a", seed: 1)
        try IndexTestSupport.publish(in: indexes, id: "b", seed: 2)
        try indexes.makeCurrent("a")
        let expected = ["a": IndexTestSupport.normalizedMatrix(rows: 6, columns: 8, seed: 1),
                        "b": IndexTestSupport.normalizedMatrix(rows: 6, columns: 8, seed: 2)]
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for turn in 0..<200 { try indexes.makeCurrent(turn % 2 == 0 ? "b" : "a") }
                return 0
            }
            for _ in 0..<3 {
                group.addTask {
                    var opened = 0
                    for _ in 0..<100 {
                        let index = try PublishedIndex(indexes: indexes)
                        #expect(Array(index.images.matrix.values) == expected[index.id])
                        opened += 1
                    }
                    return opened
                }
            }
            var total = 0
            for try await count in group { total += count }
            #expect(total == 300)
        }
    }

    @Test func rollbackWalksBackAlongTheHistory() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        #expect(throws: IndexError.self) { try indexes.rollback() }
        for (id, seed) in [("a", 1), ("b", 2), ("c", 3), ("never-current", 4)] {
            try IndexTestSupport.publish(in: indexes, id: id, seed: UInt64(seed))
        }
        try indexes.makeCurrent("a")
        try indexes.makeCurrent("b")
        try indexes.makeCurrent("b")  // no duplicate history entry
        try indexes.makeCurrent("c")
        #expect(try indexes.history() == ["a", "b", "c"])

        #expect(try indexes.rollback() == "b")
        #expect(try indexes.currentID() == "b")
        #expect(try PublishedIndex(indexes: indexes).id == "b")
        #expect(try indexes.rollback() == "a")  // further back, not forward to c
        #expect(try indexes.history() == ["a"])
        let none = #expect(throws: IndexError.self) { try indexes.rollback() }
        #expect(none?.message.contains("no earlier index") == true)
        #expect(try indexes.currentID() == "a")

        // Explicit target; deleted ids are skipped.
        try indexes.makeCurrent("b")
        try indexes.makeCurrent("c")
        #expect(try indexes.rollback(to: "a") == "a")
        #expect(try indexes.history() == ["a"])
        try indexes.makeCurrent("b")
        try indexes.makeCurrent("c")
        try FileManager.default.removeItem(at: indexes.path(of: "b"))
        #expect(try indexes.rollback() == "a")
        #expect(throws: IndexError.self) { try indexes.rollback(to: "b") }
        #expect(throws: IndexError.self) { try indexes.makeCurrent("missing") }
        #expect(try indexes.ids() == ["a", "c", "never-current"])
    }

    @Test func rollbackAfterACrashBetweenSwitchAndHistory() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        for (id, seed) in [("a", 1), ("b", 2), ("c", 3)] { try IndexTestSupport.publish(in: indexes, id: id, seed: UInt64(seed)) }
        try indexes.makeCurrent("a")
        try indexes.makeCurrent("b")
        // `current` moved to c but the history append was lost.
        let link = indexes.url.appendingPathComponent("current").path
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "c")
        #expect(try indexes.rollback() == "b")
        #expect(try indexes.rollback() == "a")
    }

    @Test func tagsAndReferences() throws {
        let store = try IndexTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let indexes = IndexDirectory(store: store)
        try IndexTestSupport.publish(in: indexes, id: "a", seed: 1)
        try IndexTestSupport.publish(in: indexes, id: "b", seed: 2)
        try indexes.tag("a", as: "release-1")
        try indexes.tag("b", as: "candidate")
        try indexes.tag("b", as: "release-1")  // tags move
        #expect(try indexes.tags() == ["release-1": "b", "candidate": "b"])
        #expect(try indexes.resolve("release-1") == "b")
        #expect(try indexes.resolve("a") == "a")
        #expect(throws: IndexError.self) { try indexes.resolve("current") }
        #expect(throws: IndexError.self) { try indexes.tag("missing", as: "x") }
        #expect(throws: IndexError.self) { try indexes.tag("a", as: "current") }
        #expect(throws: IndexError.self) { try indexes.tag("a", as: "has/slash") }
        try indexes.makeCurrent("a")
        #expect(try indexes.resolve("current") == "a")
        #expect(try PublishedIndex(indexes: indexes, reference: "candidate").id == "b")
        // Bookkeeping files are not indexes.
        #expect(try indexes.ids() == ["a", "b"])
    }

    @Test func generatedIDsSortByCreationTime() {
        let early = IndexDirectory.makeID(corpusVersion: 3, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        let late = IndexDirectory.makeID(corpusVersion: 2, createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(early.hasPrefix("20231114T221320Z-v3-") && early.count == "20231114T221320Z-v3-".count + 6)
        #expect(early < late)
        #expect(IndexDirectory.isValidName(early))
        for bad in ["", ".hidden", "current", "history", "tags.json", "a/b", "ü", String(repeating: "x", count: 129)] {
            #expect(!IndexDirectory.isValidName(bad))
        }
    }
}
