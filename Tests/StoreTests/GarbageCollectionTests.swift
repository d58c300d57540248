import Foundation
import Radiology
import Testing
@testable import Store

/// Store GC: soft-removed rows no retained version needs go with their blobs; everything a retained
/// (or tagged) version needs stays; a dry run changes nothing; orphan files go; `verify` stays clean.
@Suite struct GarbageCollectionTests {
    /// Version 1: study s1; version 2: s2; version 3: s1's report corrected and its image replaced.
    static func storeWithReplacements() throws -> TrainingCorpusFixture {
        let fixture = try TrainingCorpusFixture()
        try fixture.ingestFirstStudy()
        let second = try fixture.englishReport("s2", [("The heart is enlarged.", TrainingCorpusFixture.cardiomegaly)])
        #expect(try fixture.store.commit(IngestBatch(studies: [IncomingStudy(key: "s2", reports: [second])])).version == 2)
        let corrected = try fixture.englishReport("s1", [("Large left pleural effusion.", TrainingCorpusFixture.effusion)])
        let replaced = try fixture.image("s1", [4, 5, 6])
        #expect(try fixture.store.commit(IngestBatch(studies: [IncomingStudy(key: "s1", reports: [corrected], images: [replaced])])).rowsRemoved == 2)
        return fixture
    }

    /// Blob files on disk.
    static func blobCount(_ store: CorpusStore) throws -> Int {
        FileManager.default.enumerator(atPath: store.layout.blobs.path)?.allObjects.compactMap { $0 as? String }.filter { $0.contains("/") }.count ?? 0
    }

    @Test func removedRowsAndTheirBlobsGoWhenNoRetainedVersionNeedsThem() throws {
        let fixture = try Self.storeWithReplacements()
        let store = fixture.store
        let oldImage = ContentHash(of: Data([1, 2, 3]))
        let newest = try store.trainingRows()
        let blobsBefore = try Self.blobCount(store)
        // An orphan file (a crash between blob write and commit) and a dry run first.
        let orphan = store.layout.blobPath(for: ContentHash(of: Data("orphan".utf8)))
        try FileManager.default.createDirectory(at: orphan.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("orphan".utf8).write(to: orphan)
        let dry = try store.collectGarbage(retaining: [3], dryRun: true)
        #expect(dry.rows["image"] == 1 && dry.rows["report"] == 1 && dry.rows["sourceFile"] == 2 && (dry.rows["sentence"] ?? 0) >= 2
                && dry.blobs == 2 && dry.orphanFiles == 1, "\(dry)")
        #expect(dry.collectedVersions == [1, 2])
        #expect(try Self.blobCount(store) == blobsBefore + 1 && store.blobs.contains(oldImage) && !(try store.isCollected(1)))

        let done = try store.collectGarbage(retaining: [3], dryRun: false)
        #expect(done.rows == dry.rows && done.blobs == 2 && done.blobBytes > 0 && done.orphanFiles == 1)
        #expect(!store.blobs.contains(oldImage) && !FileManager.default.fileExists(atPath: orphan.path))
        #expect(try Self.blobCount(store) == blobsBefore - 2)
        #expect(try store.verify().isEmpty)
        // The newest corpus is untouched; a collected version is refused, not silently wrong.
        #expect(try store.trainingRows() == newest)
        #expect(try store.isCollected(1) && !(try store.isCollected(3)))
        #expect(throws: StoreError.self) { try store.trainingRows(asOf: 1) }
        // A second collection finds nothing more.
        let again = try store.collectGarbage(retaining: [3], dryRun: false)
        #expect(again.rows.isEmpty && again.blobs == 0 && again.orphanFiles == 0 && again.collectedVersions.isEmpty)
    }

    @Test func aRetainedVersionKeepsEverythingItNeeds() throws {
        let fixture = try Self.storeWithReplacements()
        let store = fixture.store
        let asOfOne = try store.trainingRows(asOf: 1)
        let garbage = try store.collectGarbage(retaining: [1, 3], dryRun: false)
        #expect(garbage.rows.isEmpty && garbage.blobs == 0 && garbage.collectedVersions == [2])
        #expect(try store.trainingRows(asOf: 1) == asOfOne)
        #expect(store.blobs.contains(ContentHash(of: Data([1, 2, 3]))))
        #expect(try store.verify().isEmpty)
    }
}
