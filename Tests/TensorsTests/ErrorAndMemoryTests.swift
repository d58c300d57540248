import Testing
@testable import Tensors

@Suite struct ErrorAndMemoryTests {
    /// Shape errors stop the process with a message naming the op and shapes (documented choice:
    /// they are programmer errors, like an index out of range).
    @Test func shapeMismatchIsAPreconditionFailure() async {
        await #expect(processExitsWith: .failure) {
            _ = linear(Tensor.zeros([2, 3]), weight: Tensor.zeros([5, 4]))
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
    }

    @Test func largeBuffersAreReused() {
        withThreadSettings { // serialise with other tests that watch memory
            TensorMemory.trim()
            var first: UnsafePointer<Float>? = nil
            do {
                let a = Tensor.zeros([512 * 1024])
                first = a.withUnsafeBufferPointer { UnsafePointer($0.baseAddress!) }
            }
            #expect(TensorMemory.cachedBytes >= 2 * 1024 * 1024)
            let b = Tensor.ones([512 * 1024])
            #expect(b.withUnsafeBufferPointer { UnsafePointer($0.baseAddress!) } == first)
            #expect(b.scalars.allSatisfy { $0 == 1 })
            let saved = TensorMemory.limitBytes
            TensorMemory.limitBytes = 0
            #expect(TensorMemory.cachedBytes == 0)
            TensorMemory.limitBytes = saved
        }
    }

    @Test func copyOnWrite() {
        let a = Tensor(shape: [3], values: [1, 2, 3])
        var b = a.reshaped([3]) // shares storage
        b.withUnsafeMutableBufferPointer { $0[0] = 9 }
        #expect(a.scalars == [1, 2, 3] && b.scalars == [9, 2, 3])
    }
}
