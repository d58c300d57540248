import Foundation

/// Failure injection in the store's file layer — the reliability suite's seam. Each point counts
/// its calls; a plan makes chosen calls fail with an errno, as the disk would:
///
///     M3CLIP_STORE_FAULTS="blob.rename@3=EIO,sqlite.commit@1x4=ENOSPC"
///
/// fails the 3rd blob rename with EIO, and the 1st to 4th SQLite commits with ENOSPC (after which
/// the fault has cleared). Points: `blob.write`, `blob.fsync`, `blob.rename`, `dir.fsync` (directory
/// fsync and syncfs), `sqlite.commit`. Without a plan a check is one lock and a dictionary miss.
public final class StoreFaults: @unchecked Sendable {
    public enum Point: String, CaseIterable, Sendable {
        case blobWrite = "blob.write"
        case blobFsync = "blob.fsync"
        case blobRename = "blob.rename"
        case directoryFsync = "dir.fsync"
        case sqliteCommit = "sqlite.commit"
    }

    struct Rule: Equatable {
        var first: Int
        var count: Int
        var errno: Int32
    }

    /// The process's plan, from `M3CLIP_STORE_FAULTS` (an invalid plan is ignored with a warning on stderr).
    public static let shared: StoreFaults = {
        let faults = StoreFaults()
        if let plan = ProcessInfo.processInfo.environment["M3CLIP_STORE_FAULTS"], !plan.isEmpty {
            do { try faults.install(plan) } catch {
                FileHandle.standardError.write(Data("m3clip: M3CLIP_STORE_FAULTS ignored: \(error)\n".utf8))
            }
        }
        return faults
    }()

    private let lock = NSLock()
    private var rules: [Point: Rule] = [:]
    private var calls: [Point: Int] = [:]

    public init() {}

    /// Replaces the plan and resets the call counts.
    public func install(_ plan: String) throws(StoreError) {
        var parsed: [Point: Rule] = [:]
        for item in plan.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let sides = item.split(separator: "=", maxSplits: 1).map(String.init)
            let target = sides[0].split(separator: "@", maxSplits: 1).map(String.init)
            guard sides.count == 2, target.count == 2, let point = Point(rawValue: target[0]) else {
                throw StoreError("fault '\(item)': expected point@call[xcount]=ERRNO with point one of \(Point.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let numbers = target[1].split(separator: "x", maxSplits: 1).compactMap { Int($0) }
            guard let first = numbers.first, first >= 1, numbers.count == (target[1].contains("x") ? 2 : 1),
                  let code = Self.errnos[sides[1].uppercased()] else {
                throw StoreError("fault '\(item)': bad call number or errno (known: \(Self.errnos.keys.sorted().joined(separator: ", ")))")
            }
            parsed[point] = Rule(first: first, count: numbers.count == 2 ? max(numbers[1], 1) : 1, errno: code)
        }
        lock.withLock {
            rules = parsed
            calls = [:]
        }
    }

    /// Counts a call at `point`; returns the errno it must fail with, or nil.
    public func check(_ point: Point) -> Int32? {
        lock.withLock {
            guard let rule = rules[point] else { return nil }
            let call = (calls[point] ?? 0) + 1
            calls[point] = call
            return call >= rule.first && call < rule.first + rule.count ? rule.errno : nil
        }
    }

    /// The message an injected failure carries: the errno's text, marked as injected.
    static func message(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (injected)"
    }

    private static let errnos: [String: Int32] = ["EIO": EIO, "ENOSPC": ENOSPC, "EDQUOT": EDQUOT, "EROFS": EROFS, "EACCES": EACCES]
}
