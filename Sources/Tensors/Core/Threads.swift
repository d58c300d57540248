import Foundation
import COpenBLAS

/// Thread settings of the engine.
///
/// Element-wise and reduction kernels split their work into at most ``count`` contiguous chunks
/// whose boundaries depend only on the problem size and ``count``, so results are bit-identical
/// for a fixed seed and thread count. OpenBLAS is told the same count explicitly (DESIGN.md §6:
/// one BLAS thread per concurrent task; set `count = 1` when several tasks train at once).
public enum TensorThreads {
    private static let current = Locked(1)

    /// Threads used by kernels and by OpenBLAS. Defaults to 1; setting it also calls
    /// `openblas_set_num_threads`.
    public static var count: Int {
        get { current.withLock { $0 } }
        set {
            let n = max(1, newValue)
            current.withLock { $0 = n }
            openblas_set_num_threads(Int32(n))
        }
    }

    /// Makes sure OpenBLAS follows ``count`` (it otherwise starts one thread per core).
    static let configureOnce: Void = { openblas_set_num_threads(Int32(count)) }()

    /// Runs two independent computations side by side when ``count`` is 2, each on one thread with
    /// single-threaded kernels and BLAS (``count`` reads 1 meanwhile); otherwise one after the other
    /// with every op using all ``count`` threads. On two cores this beats splitting each op: a
    /// small model's ops are too short to share well (the tiny preset's encoders, forward or
    /// backward, run about 1.1× faster on two threads op by op).
    ///
    /// The two must not touch the same mutable state (two encoders' forward or backward passes,
    /// each on its own ``Tape``, qualify), and nothing else may change ``count`` meanwhile.
    public static func sideBySide<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
        guard count == 2 else { return (a(), b()) }
        count = 1
        defer { count = 2 }
        var first: A? = nil, second: B? = nil
        withoutActuallyEscaping(a) { a in
            withoutActuallyEscaping(b) { b in
                withUnsafeMutablePointer(to: &first) { firstResult in
                    withUnsafeMutablePointer(to: &second) { secondResult in
                        let work = UnsafeSendableBox((a, b, SendablePointer(firstResult), SendablePointer(secondResult)))
                        DispatchQueue.concurrentPerform(iterations: 2) { i in
                            if i == 0 { work.value.2.p.pointee = work.value.0() } else { work.value.3.p.pointee = work.value.1() }
                        }
                    }
                }
            }
        }
        return (first!, second!)
    }
}

/// A pointer wrapper that may cross into `concurrentPerform` closures; each chunk touches a
/// disjoint range, which is what makes this sound.
struct SendablePointer<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}

/// Runs `body(range)` over `0..<count` split into at most ``TensorThreads/count`` chunks. Work
/// below `grain` items per chunk runs on the calling thread.
@inline(__always)
func parallelFor(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
    let threads = TensorThreads.count
    let chunks = min(threads, max(1, count / max(grain, 1)))
    if chunks <= 1 {
        body(0..<count)
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UnsafeSendableBox(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks
            let hi = count * (c + 1) / chunks
            box.value(lo..<hi)
        }
    }
}

struct UnsafeSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
