import Foundation
#if canImport(CDispatch)
// With SwiftNIO linked, release builds resolve `stat` and `timespec` members through CDispatch.
import CDispatch
#endif
import Store
#if canImport(Glibc)
import Glibc
#endif

/// Removes from the inbox the files a committed batch dealt with — each only if it is unchanged
/// since it was read — and then the study folders left empty. Files that appeared meanwhile stay.
struct InboxRemover {
    let inbox: URL

    func remove(_ files: [TakenFile]) {
        var folders = Set<String>()
        for file in files {
            var info = stat()
            guard lstat(file.path, &info) == 0 else { continue }
            if let size = file.size, let modifiedAt = file.modifiedAt {
                let now = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                guard Int(info.st_size) == size, abs(now - modifiedAt) < 1e-6 else { continue }
            }
            unlink(file.path)
            var folder = (file.path as NSString).deletingLastPathComponent
            while folder.count > inbox.path.count, folder.hasPrefix(inbox.path + "/") {
                folders.insert(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        // Deepest first; rmdir fails harmlessly on a folder that is not empty.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(folder) }
        _ = BlobStore.syncDirectory(inbox.path)
    }
}
