import Foundation
@testable import Formats

/// The real DICOM files the tests carry (Fixtures/DICOM, with their licences), the larger ones that
/// stay in the shared data folder when a checkout has it, and their MANIFEST rows.
enum DICOMFixtures {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/DICOM")
    /// `../shared/data/images/dicom` next to the checkout: present on development machines only.
    static let sharedFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/images/dicom")

    struct Entry {
        /// Relative to the fixture (or shared) folder: `pydicom-3.0.2_wheel/MR_small.dcm`.
        var path: String
        var transferSyntax: String
        var sopClass: String
        var rows: Int?
        var columns: Int?
        var pydicom: String
        var note: String
        var url: URL

        var name: String { (path as NSString).lastPathComponent }
        var isStructuredReport: Bool { sopClass.hasSuffix("SR Storage") }
    }

    /// Every file of the carried manifest, then the shared manifest's files the tests do not carry.
    static func entries() throws -> [Entry] {
        var entries = try manifest(folder.appendingPathComponent("MANIFEST.csv"), root: folder)
        let shared = sharedFolder.appendingPathComponent("MANIFEST.csv")
        if FileManager.default.fileExists(atPath: shared.path) {
            let carried = Set(entries.map(\.path))
            entries += try manifest(shared, root: sharedFolder).filter { !carried.contains($0.path) }
        }
        return entries
    }

    static func url(_ path: String) -> URL? {
        for root in [folder, sharedFolder] {
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    private static func manifest(_ url: URL, root: URL) throws -> [Entry] {
        let rows = parseCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = rows.first else { return [] }
        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        return rows.dropFirst().compactMap { row in
            guard row.count == header.count else { return nil }
            let path = String(row[column["file"]!].dropFirst("dicom/".count))
            return Entry(path: path, transferSyntax: row[column["transfer_syntax"]!], sopClass: row[column["sop_class"]!],
                         rows: Int(row[column["rows"]!]), columns: Int(row[column["cols"]!]),
                         pydicom: row[column["decode_pydicom302"]!], note: row[column["note"]!],
                         url: root.appendingPathComponent(path))
        }
    }

    /// RFC 4180 rows: quoted fields may hold commas and doubled quotes.
    private static func parseCSV(_ text: String) -> [[String]] {
        let characters = Array(text)
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if quoted {
                if character != "\"" { field.append(character) }
                else if index < characters.count, characters[index] == "\"" { field.append("\""); index += 1 }
                else { quoted = false }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
