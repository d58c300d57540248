public import Foundation
import Phantoms
import Radiology

/// A CheXpert-5×N shaped zero-shot set on disk (`labels.csv` with `image` and `label` columns, as
/// `m3clip phantom eval5x` writes it), loaded as grey squares with class indices.
public struct ZeroShotSet: Sendable {
    /// The class names, in index order.
    public let classes: [String]
    public let items: [(square: [Float], classIndex: Int)]
    public let folder: URL

    /// Reads `folder/labels.csv` and decodes every image at `size`. `classes` fixes the order;
    /// a row whose label is not one of them is an error (the set does not fit the prompts).
    public init(folder: URL, classes: [String], size: Int) throws {
        let csvURL = folder.appendingPathComponent("labels.csv")
        guard let text = try? String(contentsOf: csvURL, encoding: .utf8) else {
            throw ZeroShotSetError("cannot read \(csvURL.path) (write one with `m3clip phantom eval5x --per-class N --out DIR`)")
        }
        let table = try CSVTable(text: text)
        _ = try table.column("image"); _ = try table.column("label")
        var paths: [URL] = [], labels: [Int] = []
        for row in table.rows where !row.allSatisfy(\.isEmpty) {
            let label = table.value(row, "label")
            guard let index = classes.firstIndex(of: label) else {
                throw ZeroShotSetError("\(csvURL.path): class '\(label)' is not one of \(classes.joined(separator: ", "))")
            }
            paths.append(folder.appendingPathComponent(table.value(row, "image")))
            labels.append(index)
        }
        guard !paths.isEmpty else { throw ZeroShotSetError("\(csvURL.path) lists no images") }
        let files = paths
        let results = RadiographSquares(size: size).squares(count: files.count) { i in try Data(contentsOf: files[i]) }
        var items: [(square: [Float], classIndex: Int)] = []
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let square): items.append((square, labels[i]))
            case .failure(let error): throw ZeroShotSetError("\(paths[i].path): \(error)")
            }
        }
        self.classes = classes
        self.items = items
        self.folder = folder
    }

    /// The phantom set the gate uses when none is configured: `m3clip phantom eval5x
    /// --per-class 40 --seed 7 --size 256` under `eval/` in the store, written once (atomically)
    /// and reused, so every model is measured on the same images. Seed 7 is never used for
    /// training studies by the phantom commands' defaults.
    public static func phantomSet(in storeRoot: URL, perClass: Int = 40, seed: UInt64 = 7) throws -> URL {
        let fm = FileManager.default
        let folder = storeRoot.appendingPathComponent("eval/phantom-eval5x-\(perClass)-seed\(seed)")
        if fm.fileExists(atPath: folder.appendingPathComponent("labels.csv").path) { return folder }
        let temp = storeRoot.appendingPathComponent("eval/.phantom-eval5x-\(UUID().uuidString)")
        try fm.createDirectory(at: temp, withIntermediateDirectories: true)
        do {
            try StudyWriter(directory: temp, width: 256, height: 256).writeEval5x(perClass: perClass, seed: seed)
            try? fm.removeItem(at: folder)
            try fm.moveItem(at: temp, to: folder)
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
        return folder
    }
}

/// A zero-shot set that cannot be read or does not fit.
public struct ZeroShotSetError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
