import CPlatform
import Foundation
#if canImport(CDispatch)
// With SwiftNIO linked, release builds resolve `stat` members through CDispatch.
import CDispatch
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Gives inbox entries whose names are not UTF-8 a name that is: each byte that is not part of
/// valid UTF-8 becomes `%XX` (`bad\xFFname.txt` → `bad%FFname.txt`), renamed in place before the
/// scan lists the inbox, at the top level and inside study folders. Swift's (and Foundation's)
/// file names are Strings: without this, such an entry was listed under a lossy name no call
/// could open, so it was neither taken nor quarantined, and stayed in the inbox unseen.
///
/// The rename never replaces an entry (`RENAME_NOREPLACE`): when the escaped name is taken, `~2`,
/// `~3`… go before the extension. Dot-names (staging) are left alone, as the scan leaves them.
struct InboxNameRepair {
    /// Study folders deeper than this are not walked (the ingest planner stops there too).
    static let maxDepth = 16

    /// Repairs the names under `folder`; returns the renames done, as (old name escaped for the
    /// log, new name) pairs with paths relative to `folder`.
    static func repair(_ folder: String) -> [(from: String, to: String)] {
        var renames: [(from: String, to: String)] = []
        repair(folder, relative: "", depth: 0, into: &renames)
        return renames
    }

    private static func repair(_ folder: String, relative: String, depth: Int, into renames: inout [(from: String, to: String)]) {
        guard depth <= maxDepth else { return }
        let directoryFD = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directoryFD >= 0 else { return }
        defer { close(directoryFD) }
        var names: [[UInt8]] = []
        var subfolders: [String] = []
        if let directory = opendir(folder) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                if name.first == UInt8(ascii: ".") { continue }
                if String(validating: name, as: UTF8.self) == nil {
                    names.append(name)
                } else if entry.pointee.d_type == UInt8(DT_DIR) {
                    subfolders.append(String(decoding: name, as: UTF8.self))
                }
            }
            closedir(directory)
        }
        for name in names {
            guard let repaired = rename(name, in: directoryFD) else { continue }
            renames.append((relative + escaped(name, as: "\\x"), relative + repaired))
            var info = stat()
            if fstatat(directoryFD, repaired, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFDIR {
                subfolders.append(repaired)
            }
        }
        for subfolder in subfolders {
            repair(folder + "/" + subfolder, relative: relative + subfolder + "/", depth: depth + 1, into: &renames)
        }
    }

    /// Renames `name` to its escaped form (or a numbered variant); the new name, or nil when the
    /// entry went away or cannot be renamed.
    private static func rename(_ name: [UInt8], in directoryFD: Int32) -> String? {
        let base = escaped(name)
        for attempt in 1...100 {
            let candidate = attempt == 1 ? base : numbered(base, attempt)
            let status = (name + [0]).withUnsafeBufferPointer { from in
                from.withMemoryRebound(to: CChar.self) { m3_rename_noreplace(directoryFD, $0.baseAddress!, candidate) }
            }
            if status == 0 { return candidate }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Valid UTF-8 sequences kept, every other byte as `%XX` (or with another `prefix`: `\xXX`
    /// is how the log shows the original name).
    static func escaped(_ name: [UInt8], as prefix: String = "%") -> String {
        var result = ""
        var index = 0
        while index < name.count {
            let length = validSequenceLength(name, at: index)
            if length > 0 {
                result += String(decoding: name[index..<index + length], as: UTF8.self)
                index += length
            } else {
                result += prefix + String(name[index], radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return result
    }

    /// The length of the valid UTF-8 sequence starting at `index`, 0 when there is none.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        for length in 1...4 where index + length <= bytes.count {
            if String(validating: bytes[index..<index + length], as: UTF8.self) != nil { return length }
        }
        return 0
    }

    private static func numbered(_ name: String, _ attempt: Int) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "\(name)~\(attempt)" }
        return "\(name[..<dot])~\(attempt)\(name[dot...])"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
