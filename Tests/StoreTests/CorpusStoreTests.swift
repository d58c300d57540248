import Foundation
import GRDB
import Radiology
import Testing
@testable import Store

/// A store on disk in a fresh temporary folder.
final class TemporaryStore {
    let root: URL
    let store: CorpusStore

    init(inMemory: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-store-\(UUID().uuidString)")
        store = inMemory ? try CorpusStore.inMemory(blobRoot: root) : try CorpusStore.open(at: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A report study whose bytes are written to the blob store first, as ingest does.
    func reportStudy(_ key: String, text: String, partName: String = "report.txt") throws -> IncomingStudy {
        let bytes = Data(text.utf8)
        let file = IncomingFile(name: partName, originalPath: "/inbox/\(key)/\(partName)", size: bytes.count, hash: ContentHash(of: bytes))
        try store.blobs.write([(file.hash, bytes)])
        let report = IncomingReport(file: file, partName: partName, format: "plain-text",
                                    report: Report(text: text, language: .english))
        return IncomingStudy(key: key, reports: [report])
    }

    func imageStudy(_ key: String, bytes: [UInt8], partName: String) throws -> IncomingStudy {
        let data = Data(bytes)
        let file = IncomingFile(name: partName, originalPath: "/inbox/\(partName)", size: data.count, hash: ContentHash(of: data))
        try store.blobs.write([(file.hash, data)])
        let image = IncomingImage(file: file, partName: partName, format: "png", width: 2, height: 2, bitsPerSample: 8,
                                  photometric: "MONOCHROME2", view: nil)
        return IncomingStudy(key: key, images: [image])
    }
}

@Suite struct CorpusStoreTests {
    @Test func migratesAnEmptyDatabase() throws {
        // Given an empty in-memory database, when the store opens, then every table exists.
        let temporary = try TemporaryStore(inMemory: true)
        let tables = try temporary.store.reader.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["blob", "corpusVersion", "image", "report", "reportSection", "reportTerm", "sourceFile", "study", "versionTag"] {
            #expect(tables.contains(table))
        }
        #expect(try temporary.store.currentVersion() == 0)
    }

    @Test func opensInWALModeAndReopens() throws {
        let temporary = try TemporaryStore()
        let mode = try temporary.store.reader.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        _ = try temporary.store.commit(IngestBatch(studies: [temporary.reportStudy("s1", text: "FINDINGS: Clear lungs.")]))
        let reopened = try CorpusStore.open(at: temporary.root)
        #expect(try reopened.currentVersion() == 1)
        #expect(try reopened.verify().isEmpty)
    }

    @Test func everyCommitMakesTheNextVersionAndAsOfQueriesSeeThePast() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let first = try store.commit(IngestBatch(studies: [temporary.reportStudy("a", text: "FINDINGS: Normal.")]))
        let second = try store.commit(IngestBatch(studies: [temporary.reportStudy("b", text: "FINDINGS: Small effusion.")]))
        #expect(first.version == 1 && second.version == 2)
        #expect(try store.studyKeys(asOf: 1) == ["a"])
        #expect(try store.studyKeys(asOf: 2) == ["a", "b"])
        #expect(try store.counts(asOf: 1).reports == 1)
        #expect(try store.counts().reports == 2)
        #expect(try store.versions().map(\.studiesAdded) == [1, 1])
    }

    @Test func identicalBytesInTheSameStudyAreDuplicatesAndAddNoVersion() throws {
        let temporary = try TemporaryStore()
        let study = try temporary.reportStudy("a", text: "IMPRESSION: No acute disease.")
        #expect(try temporary.store.commit(IngestBatch(studies: [study])).version == 1)
        let again = try temporary.store.commit(IngestBatch(studies: [study]))
        #expect(again.version == nil && again.duplicates == 1)
        #expect(try temporary.store.currentVersion() == 1)
    }

    @Test func identicalBytesInAnotherStudyShareOneBlob() throws {
        let temporary = try TemporaryStore()
        let result = try temporary.store.commit(IngestBatch(studies: [
            temporary.reportStudy("a", text: "IMPRESSION: Normal chest."),
            temporary.reportStudy("b", text: "IMPRESSION: Normal chest."),
        ]))
        #expect(result.reportsAdded == 2 && result.duplicates == 0)
        let blobs = try temporary.store.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blob") }
        #expect(blobs == 1)
    }

    @Test func aPartArrivingLaterJoinsTheSameStudyInANewerVersion() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        _ = try store.commit(IngestBatch(studies: [temporary.reportStudy("s", text: "FINDINGS: Cardiomegaly.")]))
        let later = try store.commit(IngestBatch(studies: [temporary.imageStudy("s", bytes: [1, 2, 3], partName: "pa.png")]))
        #expect(later.version == 2 && later.studiesAdded == 0 && later.studiesUpdated == 1 && later.imagesAdded == 1)
        let detail = try #require(try store.study("s"))
        #expect(detail.versions == [1, 2])
        #expect(detail.images.count == 1 && detail.reports.count == 1)
        #expect(try store.counts(asOf: 1).images == 0)
        #expect(try store.counts(asOf: 2).images == 1)
    }

    @Test func aCorrectedReportReplacesTheOldOneFromItsVersionOn() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        _ = try store.commit(IngestBatch(studies: [temporary.reportStudy("s", text: "FINDINGS: Left effusion.")]))
        let fix = try store.commit(IngestBatch(studies: [temporary.reportStudy("s", text: "FINDINGS: Right effusion.")]))
        #expect(fix.rowsRemoved == 1 && fix.reportsAdded == 1)
        let detail = try #require(try store.study("s"))
        #expect(detail.reports.map(\.removedVersion) == [2, nil])
        #expect(try store.counts(asOf: 1).reports == 1)
        #expect(try store.counts(asOf: 2).reports == 1)
        let liveText = try store.reader.read { db in
            try String.fetchOne(db, sql: """
                SELECT s.text FROM reportSection s JOIN report r ON r.id = s.reportId
                WHERE r.addedVersion <= 2 AND (r.removedVersion IS NULL OR r.removedVersion > 2)
                """)
        }
        #expect(liveText == "Right effusion.")
    }

    @Test func anImageNamedByAnEarlierReportJoinsItsStudy() throws {
        let temporary = try TemporaryStore()
        var study = try temporary.reportStudy("CXR9", text: "FINDINGS: Normal.")
        study.imageReferences = ["CXR9_1_IM-0001-3001"]
        _ = try temporary.store.commit(IngestBatch(studies: [study]))
        #expect(try temporary.store.study("CXR9")?.awaitedImages == ["CXR9_1_IM-0001-3001"])
        let image = try temporary.imageStudy("CXR9_1_IM-0001-3001", bytes: [9, 9], partName: "CXR9_1_IM-0001-3001.png")
        let result = try temporary.store.commit(IngestBatch(studies: [image]))
        #expect(result.studiesAdded == 0 && result.imagesAdded == 1)
        let detail = try #require(try temporary.store.study("CXR9"))
        #expect(detail.images.count == 1 && detail.awaitedImages.isEmpty)
        // Taken again (a crash between the commit and the inbox removal): a duplicate of that
        // study, not a new study of its own.
        let again = try temporary.store.commit(IngestBatch(studies: [image]))
        #expect(again.version == nil && again.duplicates == 1 && again.studiesAdded == 0)
        #expect(try temporary.store.study("CXR9_1_IM-0001-3001") == nil)
    }

    @Test func refusesRowsWhoseBlobIsMissing() throws {
        let temporary = try TemporaryStore()
        let bytes = Data("FINDINGS: x".utf8)
        let file = IncomingFile(name: "r.txt", originalPath: "/r.txt", size: bytes.count, hash: ContentHash(of: bytes))
        let study = IncomingStudy(key: "s", reports: [IncomingReport(file: file, partName: "r.txt", format: "plain-text",
                                                                      report: Report(text: "x", language: .english))])
        #expect(throws: StoreError.self) { try temporary.store.commit(IngestBatch(studies: [study])) }
        #expect(try temporary.store.currentVersion() == 0)
    }

    @Test func tagsNameVersions() throws {
        let temporary = try TemporaryStore()
        _ = try temporary.store.commit(IngestBatch(studies: [temporary.reportStudy("a", text: "FINDINGS: Normal.")]))
        try temporary.store.tag("baseline", version: 1)
        #expect(try temporary.store.versions().first?.tags == ["baseline"])
        #expect(throws: StoreError.self) { try temporary.store.tag("later", version: 7) }
    }
}

@Suite struct BlobStoreTests {
    @Test func writesContentAddressedDurableBlobs() throws {
        let temporary = try TemporaryStore()
        let bytes = Data("hello".utf8)
        let hash = ContentHash(of: bytes)
        // Known SHA-256 of "hello".
        #expect(hash.hex == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        try temporary.store.blobs.write([(hash, bytes), (hash, bytes)])
        let path = temporary.store.layout.blobPath(for: hash)
        #expect(path.path.hasSuffix("blobs/sha256/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
        #expect(try Data(contentsOf: path) == bytes)
        let staging = try FileManager.default.contentsOfDirectory(atPath: temporary.store.layout.blobStaging.path)
        #expect(staging.isEmpty)
    }

    @Test func hashesTheEmptyInputAndLargeInputs() {
        #expect(ContentHash(of: Data()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash(of: Data(repeating: 0x61, count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct QuarantineTests {
    @Test func recordsListsAndRemovesEntries() throws {
        let temporary = try TemporaryStore()
        let quarantine = Quarantine(layout: temporary.store.layout)
        let entry = QuarantineEntry(id: Quarantine.makeID(), name: "-odd name ü.txt", originalPath: "/inbox/-odd name ü.txt", size: 3,
                                    sha256: nil, modifiedAt: 1, reason: "invalid UTF-8", code: "invalid-utf8", stage: "decode",
                                    decoder: "plain-text", studyKey: nil, quarantinedAt: "now", copied: false)
        try quarantine.add(entry, bytes: Data([0xFF, 0xFE, 0x00]))
        let listed = quarantine.list()
        #expect(listed.count == 1 && listed[0].copied && listed[0].reason == "invalid UTF-8")
        #expect(try Data(contentsOf: #require(quarantine.copyPath(of: listed[0]))) == Data([0xFF, 0xFE, 0x00]))
        try quarantine.remove(id: entry.id)
        #expect(quarantine.list().isEmpty)
        #expect(throws: StoreError.self) { try quarantine.remove(id: "../etc") }
    }
}
