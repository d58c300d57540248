public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a published index folder: writes every file into `indexes/.tmp-<id>/`, `fsync`s each file
/// and the folder, renames it to `indexes/<id>/` and `fsync`s `indexes/`. A crash leaves at worst a
/// `.tmp-*` folder (never a half-written `<id>`); readers and ``IndexDirectory`` ignore dot-names.
/// Publishing does not switch `current`: call ``IndexDirectory/makeCurrent(_:)`` afterwards.
/// ``writeDelta(to:corpusVersion:images:texts:masked:createdAt:)`` appends a segment to a
/// published index the same way (`<id>/.tmp-delta-NNNN/` renamed to `<id>/delta-NNNN/`).
public struct IndexWriter: Sendable {
    /// Rows of one modality and their embeddings: `embeddings` is row-major, `rows.count × dimension`
    /// floats, row `i` L2-normalised.
    public struct Section: Sendable {
        public var rows: [IndexRow]
        public var embeddings: [Float]

        public init(rows: [IndexRow], embeddings: [Float]) {
            self.rows = rows
            self.embeddings = embeddings
        }

        public static let empty = Section(rows: [], embeddings: [])
    }

    /// Which model produced the embeddings.
    public struct Model: Sendable, Equatable {
        public var id: String
        /// SHA-256 (hex) of its `model.safetensors`.
        public var sha256: String

        public init(id: String, sha256: String) {
            self.id = id
            self.sha256 = sha256
        }
    }

    public var directory: IndexDirectory
    /// The `.npy` element type (FAISS files are float32 regardless).
    public var dtype: EmbeddingDType
    /// Largest accepted |‖row‖ − 1|: embeddings must be L2-normalised so inner product is cosine.
    public var normTolerance: Float

    public init(directory: IndexDirectory, dtype: EmbeddingDType = .float32, normTolerance: Float = 1e-3) {
        self.directory = directory
        self.dtype = dtype
        self.normTolerance = normTolerance
    }

    /// Writes and renames in a new index; returns its manifest. `id` defaults to
    /// ``IndexDirectory/makeID(corpusVersion:createdAt:)``.
    @discardableResult
    public func write(id: String? = nil, model: Model, corpusVersion: Int, dimension: Int, images: Section, texts: Section,
                      createdAt: Date = Date()) throws(IndexError) -> IndexManifest {
        let id = id ?? IndexDirectory.makeID(corpusVersion: corpusVersion, createdAt: createdAt)
        guard IndexDirectory.isValidName(id) else { throw IndexError("'\(id)' is not a valid index id") }
        try directory.create()
        let manifest = IndexManifest(id: id, modelID: model.id, modelSHA256: model.sha256, corpusVersion: corpusVersion,
                                     dimension: dimension, dtype: dtype, counts: [:], languages: [:], createdAt: createdAt, files: [:])
        return try writeSegment(manifest, images: images, texts: texts, in: directory.url)
    }

    /// Appends a delta segment `delta-NNNN/` (the next number) to the published index `indexID`:
    /// the same six files and a manifest naming the base, the corpus version it brings the index
    /// to, and the rows of the base and earlier deltas it masks. The base's files are untouched;
    /// a reader that opened the index before keeps its view, one that opens it after sees the delta.
    /// The embeddings must come from the base's model.
    @discardableResult
    public func writeDelta(to indexID: String, corpusVersion: Int, images: Section, texts: Section,
                           masked: [IndexRow.Modality: [Int]], createdAt: Date = Date()) throws(IndexError) -> IndexManifest {
        let folder = directory.path(of: indexID)
        let base = try directory.manifest(of: indexID)
        let existing = try Self.deltaNames(in: folder)
        let total = existing.count + 1
        guard total <= 9_999 else { throw IndexError("index \(indexID) has \(existing.count) deltas: publish a merged index") }
        let name = Self.deltaName(total)
        var maskedByName: [String: [Int]] = [:]
        for (modality, rows) in masked where !rows.isEmpty { maskedByName[modality.rawValue] = rows.sorted() }
        let manifest = IndexManifest(id: name, modelID: base.modelID, modelSHA256: base.modelSHA256, corpusVersion: corpusVersion,
                                     dimension: base.dimension, dtype: base.dtype, counts: [:], languages: [:], createdAt: createdAt,
                                     files: [:], base: indexID, masked: maskedByName)
        return try writeSegment(manifest, images: images, texts: texts, in: folder)
    }

    /// `delta-0001`, `delta-0002`, …
    public static func deltaName(_ number: Int) -> String { "delta-" + String(format: "%04d", number) }

    /// The delta segment folders of the index at `folder`, in order; they must be numbered
    /// 1, 2, … without gaps (a gap is a damaged index).
    public static func deltaNames(in folder: URL) throws(IndexError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw IndexError("cannot list \(folder.path): \(error)")
        }
        let deltas = names.filter { $0.hasPrefix("delta-") }.sorted()
        for (index, name) in deltas.enumerated() where name != deltaName(index + 1) {
            throw IndexError("\(folder.path): delta segments out of sequence at \(name) (expected \(deltaName(index + 1)))")
        }
        return deltas
    }

    /// Writes `manifest.id` under `parent` through a `.tmp-` folder: every file fsynced, the
    /// folder renamed in, `parent` fsynced. Fills the manifest's counts, languages and files.
    private func writeSegment(_ template: IndexManifest, images: Section, texts: Section, in parent: URL) throws(IndexError) -> IndexManifest {
        let dimension = template.dimension
        guard dimension > 0 else { throw IndexError("index dimension must be positive, got \(dimension)") }
        try validate(images, modality: .image, dimension: dimension)
        try validate(texts, modality: .text, dimension: dimension)
        let final = parent.appendingPathComponent(template.id)
        guard !FileManager.default.fileExists(atPath: final.path) else { throw IndexError("\(final.path) already exists") }
        let temporary = parent.appendingPathComponent(".tmp-\(template.id)")
        try? FileManager.default.removeItem(at: temporary)
        guard mkdir(temporary.path, 0o755) == 0 else { throw IndexError("cannot create \(temporary.path): \(systemError())") }
        do throws(IndexError) {
            var files: [String: FileDigest] = [:]
            for (modality, section) in [(IndexRow.Modality.image, images), (.text, texts)] {
                let stem = temporary.appendingPathComponent(modality.fileStem).path
                try section.embeddings.withUnsafeBufferPointer { (buffer) throws(IndexError) in
                    files["\(modality.fileStem).npy"] = try NumpyArray.write(buffer, rows: section.rows.count, columns: dimension,
                                                                             dtype: template.dtype, to: stem + ".npy")
                    files["\(modality.fileStem).faiss"] = try FlatIndexFile.write(buffer, rows: section.rows.count, dimension: dimension,
                                                                                  to: stem + ".faiss")
                }
                files["\(modality.fileStem).jsonl"] = try Self.writeRows(section.rows, to: stem + ".jsonl")
            }
            var languages: [String: Int] = [:]
            for row in texts.rows { languages[row.language ?? "und", default: 0] += 1 }
            var manifest = template
            manifest.counts = ["image": images.rows.count, "text": texts.rows.count]
            manifest.languages = languages
            manifest.files = files
            let file = try DurableFileWriter(path: temporary.appendingPathComponent("manifest.json").path)
            try file.write(Array(manifest.encoded()))
            _ = try file.finish()
            try syncDirectory(temporary.path)
            guard rename(temporary.path, final.path) == 0 else { throw IndexError("cannot rename \(temporary.path) to \(final.path): \(systemError())") }
            try syncDirectory(parent.path)
            return manifest
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private func validate(_ section: Section, modality: IndexRow.Modality, dimension: Int) throws(IndexError) {
        let name = modality.fileStem
        guard section.embeddings.count == section.rows.count * dimension else {
            throw IndexError("\(name): \(section.embeddings.count) values for \(section.rows.count) rows of dimension \(dimension)")
        }
        if let index = section.rows.firstIndex(where: { $0.modality != modality }) {
            throw IndexError("\(name): row \(index) has modality \(section.rows[index].modality.rawValue)")
        }
        if let index = section.rows.firstIndex(where: { $0.labels.map { !IndexRow.isLabelCode($0) } ?? false }) {
            throw IndexError("\(name): row \(index) has a malformed label code '\(section.rows[index].labels ?? "")'")
        }
        try section.embeddings.withUnsafeBufferPointer { (values) throws(IndexError) in
            for row in 0..<section.rows.count {
                var sum: Float = 0
                let start = row &* dimension
                for column in 0..<dimension { sum += values[start &+ column] * values[start &+ column] }
                let norm = sum.squareRoot()
                guard norm.isFinite, abs(norm - 1) <= normTolerance else {
                    throw IndexError("\(name): row \(row) has L2 norm \(norm); embeddings must be L2-normalised")
                }
            }
        }
    }

    /// One JSON object a line, sorted keys; returns the file's digest.
    static func writeRows(_ rows: [IndexRow], to path: String) throws(IndexError) -> FileDigest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let file = try DurableFileWriter(path: path)
        for row in rows {
            let data: Data
            do { data = try encoder.encode(row) } catch { throw IndexError("\(path): cannot encode row: \(error)") }
            try file.write(Array(data) + [0x0a])
        }
        return try file.finish()
    }
}
