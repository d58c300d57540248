import CPlatform
import Training
#if canImport(Glibc)
import Glibc
#endif

/// A training child ties its life to the daemon that started it: the kernel sends it SIGTERM when
/// the daemon dies (even by SIGKILL), which stops the run at its next step or phase boundary, and a
/// child whose daemon is already gone by the time it starts does not start at all.
public enum SupervisedRun {
    public static func attach(toParent parent: Int32) throws {
        guard m3_set_parent_death_signal(SIGTERM) == 0 else {
            throw TrainingError("cannot ask for the parent-death signal: \(String(cString: strerror(errno)))")
        }
        guard getppid() == parent else {
            throw TrainingError("the daemon that started this run (pid \(parent)) is gone")
        }
    }
}
