public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A published index opened for reading: the manifest, both matrices memory-mapped, and the row
/// metadata in memory.
///
/// Opening `current` resolves the symlink once, first, so every file comes from the same index
/// even if `current` moves meanwhile; after that the open index is independent of `current` (its
/// mappings survive a switch, a rollback, even deletion of the folder).
///
/// Opening validates: the manifest (format version, id = folder name, all six files listed), each
/// file's size against the manifest, the `.npy` headers against dimension, dtype and counts, the
/// FAISS headers, and the JSONL row counts and modalities. SHA-256s are checked only with
/// `verifyChecksums` (it reads every byte).
public final class PublishedIndex: Sendable {
    public let id: String
    /// The index's real folder (symlinks resolved).
    public let directory: URL
    public let manifest: IndexManifest
    public let images: MappedNumpyArray
    public let texts: MappedNumpyArray
    public let imageRows: [IndexRow]
    public let textRows: [IndexRow]

    /// Opens `reference` (an id, a tag or `current`) in `indexes`.
    public convenience init(indexes: IndexDirectory, reference: String = IndexDirectory.currentName,
                            verifyChecksums: Bool = false) throws(IndexError) {
        let id = try indexes.resolve(reference)
        try self.init(directory: indexes.path(of: id), verifyChecksums: verifyChecksums)
    }

    /// Opens the index folder at `directory` (which may be the `current` symlink).
    public init(directory: URL, verifyChecksums: Bool = false) throws(IndexError) {
        guard let resolved = realpath(directory.path, nil) else {
            throw IndexError("cannot open index \(directory.path): \(systemError())")
        }
        let path = String(cString: resolved)
        free(resolved)
        self.directory = URL(fileURLWithPath: path, isDirectory: true)
        let manifestPath = path + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw IndexError("\(path) is not an index: no readable manifest.json")
        }
        let manifest = try IndexManifest.decode(data, name: manifestPath)
        let folderName = self.directory.lastPathComponent
        guard manifest.id == folderName else { throw IndexError("\(manifestPath): id \(manifest.id) does not match folder \(folderName)") }
        for name in IndexManifest.fileNames {
            guard let expected = manifest.files[name] else { throw IndexError("\(manifestPath): no entry for \(name)") }
            let filePath = path + "/" + name
            if verifyChecksums {
                let actual = try FileDigest(contentsOf: filePath)
                guard actual == expected else {
                    throw IndexError("\(filePath): size \(actual.size) sha256 \(actual.sha256), manifest says \(expected.size) \(expected.sha256)")
                }
            } else {
                let size = (try? FileManager.default.attributesOfItem(atPath: filePath)[.size] as? Int) ?? nil
                guard let size else { throw IndexError("\(filePath): missing") }
                guard size == expected.size else { throw IndexError("\(filePath): \(size) bytes, the manifest says \(expected.size)") }
            }
        }
        self.manifest = manifest
        id = manifest.id
        images = try Self.openMatrix(path: path, modality: .image, manifest: manifest)
        texts = try Self.openMatrix(path: path, modality: .text, manifest: manifest)
        imageRows = try Self.loadRows(path: path, modality: .image, manifest: manifest)
        textRows = try Self.loadRows(path: path, modality: .text, manifest: manifest)
    }

    public func array(_ modality: IndexRow.Modality) -> MappedNumpyArray {
        modality == .image ? images : texts
    }

    public func matrix(_ modality: IndexRow.Modality) -> EmbeddingMatrix { array(modality).matrix }

    public func rows(_ modality: IndexRow.Modality) -> [IndexRow] {
        modality == .image ? imageRows : textRows
    }

    private static func openMatrix(path: String, modality: IndexRow.Modality, manifest: IndexManifest) throws(IndexError) -> MappedNumpyArray {
        let count = manifest.count(of: modality)
        let numpyPath = "\(path)/\(modality.fileStem).npy"
        let array = try MappedNumpyArray(path: numpyPath)
        guard array.rows == count, array.columns == manifest.dimension, array.dtype == manifest.dtype else {
            throw IndexError("\(numpyPath): \(array.rows) × \(array.columns) \(array.dtype.rawValue), the manifest says "
                + "\(count) × \(manifest.dimension) \(manifest.dtype.rawValue)")
        }
        let faissPath = "\(path)/\(modality.fileStem).faiss"
        let header = try MappedFile(path: faissPath).withBytes { (bytes) throws(IndexError) in
            try FlatIndexFile.readHeader(bytes, name: faissPath)
        }
        guard header.count == count, header.dimension == manifest.dimension else {
            throw IndexError("\(faissPath): \(header.count) × \(header.dimension), the manifest says \(count) × \(manifest.dimension)")
        }
        return array
    }

    private static func loadRows(path: String, modality: IndexRow.Modality, manifest: IndexManifest) throws(IndexError) -> [IndexRow] {
        let rowsPath = "\(path)/\(modality.fileStem).jsonl"
        let decoder = JSONDecoder()
        var rows: [IndexRow] = []
        rows.reserveCapacity(manifest.count(of: modality))
        try MappedFile(path: rowsPath).withBytes { (bytes) throws(IndexError) in
            var lineStart = 0
            for index in 0..<bytes.count where bytes[index] == 0x0a {
                let line = Data(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index]))
                do { rows.append(try decoder.decode(IndexRow.self, from: line)) } catch {
                    throw IndexError("\(rowsPath): line \(rows.count + 1): \(error)")
                }
                lineStart = index + 1
            }
            guard lineStart == bytes.count else { throw IndexError("\(rowsPath): last line is not terminated") }
        }
        guard rows.count == manifest.count(of: modality) else {
            throw IndexError("\(rowsPath): \(rows.count) rows, the manifest says \(manifest.count(of: modality))")
        }
        if let index = rows.firstIndex(where: { $0.modality != modality }) {
            throw IndexError("\(rowsPath): line \(index + 1) has modality \(rows[index].modality.rawValue)")
        }
        return rows
    }
}
