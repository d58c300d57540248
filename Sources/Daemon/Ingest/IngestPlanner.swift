public import Foundation
#if canImport(CDispatch)
// With SwiftNIO linked, release builds resolve `stat` and `timespec` members through CDispatch.
import CDispatch
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Turns paths into study candidates, following the inbox contract (DESIGN.md §3): a folder is one
/// study; a loose file is its own study; dot-names are never taken; a symlink is never followed
/// (it is quarantined with the reason). A folder holding more than one XML report is a collection
/// of loose files, not a study (an Open-i export is one XML per study).
public struct IngestPlanner: Sendable {
    public init() {}

    public struct Plan: Sendable {
        public var candidates: [StudyCandidate] = []
        public var failures: [FileFailure] = []
        /// Dot-names and other entries deliberately not taken.
        public var skipped: [URL] = []
    }

    public func plan(_ paths: [URL]) -> Plan {
        var plan = Plan()
        var looseByFolder: [URL: [URL]] = [:]
        var folderOrder: [URL] = []
        for path in paths {
            let url = path.standardizedFileURL
            switch Self.entryType(url) {
            case .missing:
                plan.failures.append(FileFailure(url: url, code: "missing", stage: "scan", reason: "no such file or folder"))
            case .symlink:
                plan.failures.append(Self.symlinkFailure(url))
            case .other:
                plan.failures.append(FileFailure(url: url, code: "not-a-file", stage: "scan",
                                                 reason: "not a regular file or folder (device, socket or pipe)"))
            case .directory:
                planFolder(url, into: &plan, looseByFolder: &looseByFolder, folderOrder: &folderOrder)
            case .file:
                if url.lastPathComponent.hasPrefix(".") { plan.skipped.append(url); continue }
                let folder = url.deletingLastPathComponent()
                if looseByFolder[folder] == nil { folderOrder.append(folder) }
                looseByFolder[folder, default: []].append(url)
            }
        }
        for folder in folderOrder {
            for file in looseByFolder[folder] ?? [] {
                plan.candidates.append(StudyCandidate(key: Self.stem(file), files: [file], source: file, isFolder: false,
                                                      bytes: Self.size(file)))
            }
        }
        return plan
    }

    private func planFolder(_ folder: URL, into plan: inout Plan, looseByFolder: inout [URL: [URL]], folderOrder: inout [URL]) {
        if folder.lastPathComponent.hasPrefix(".") { plan.skipped.append(folder); return }
        var files: [URL] = []
        collectFiles(in: folder, into: &files, plan: &plan)
        let xmlCount = files.filter { $0.pathExtension.lowercased() == "xml" }.count
        if xmlCount > 1 {
            if looseByFolder[folder] == nil { folderOrder.append(folder) }
            looseByFolder[folder, default: []].append(contentsOf: files)
            return
        }
        guard !files.isEmpty else {
            plan.skipped.append(folder)
            return
        }
        plan.candidates.append(StudyCandidate(key: folder.lastPathComponent, files: files, source: folder, isFolder: true,
                                              bytes: files.reduce(0) { $0 + Self.size($1) }))
    }

    private func collectFiles(in folder: URL, into files: inout [URL], plan: inout Plan) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        for name in names {
            let url = folder.appendingPathComponent(name)
            if name.hasPrefix(".") { plan.skipped.append(url); continue }
            switch Self.entryType(url) {
            case .file: files.append(url)
            case .directory: collectFiles(in: url, into: &files, plan: &plan)
            case .symlink: plan.failures.append(Self.symlinkFailure(url, studyKey: folder.lastPathComponent))
            case .missing: continue
            case .other:
                plan.failures.append(FileFailure(url: url, code: "not-a-file", stage: "scan",
                                                 reason: "not a regular file or folder (device, socket or pipe)"))
            }
        }
    }

    /// A loose file's key: its name without the last extension, and without a language code
    /// (`a.deu_Latn.txt` → `a`).
    static func stem(_ url: URL) -> String {
        var parts = url.lastPathComponent.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1 { parts.removeLast() }
        if parts.count > 1, parts.last.map({ $0.count == 8 && $0.contains("_") }) == true { parts.removeLast() }
        return parts.joined(separator: ".")
    }

    static func size(_ url: URL) -> Int {
        var info = stat()
        return lstat(url.path, &info) == 0 ? Int(info.st_size) : 0
    }

    enum EntryType { case file, directory, symlink, other, missing }

    static func entryType(_ url: URL) -> EntryType {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    static func symlinkFailure(_ url: URL, studyKey: String? = nil) -> FileFailure {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
        return FileFailure(url: url, code: "symlink", stage: "scan",
                           reason: "a symbolic link (to \(target)); links are never followed", studyKey: studyKey)
    }
}
