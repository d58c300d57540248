import Foundation
public import Store
import Training
#if canImport(Glibc)
import Glibc
#endif

/// One training run per store at a time: an exclusive `flock` on `Store/run/training.lock`, held
/// for the life of the process (the kernel drops it when the process dies, even by SIGKILL). A
/// daemon restarted after a crash cannot start a second run while an old one is still finishing.
public final class TrainingRunLock {
    private let descriptor: Int32

    public init(layout: StoreLayout) throws {
        let path = layout.run.appendingPathComponent("training.lock").path
        try? FileManager.default.createDirectory(at: layout.run, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TrainingError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw TrainingError("another training run holds \(path); this one does not start")
        }
    }

    deinit { close(descriptor) }
}
