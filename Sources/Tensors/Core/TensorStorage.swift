/// The reference-counted, 64-byte-aligned float32 buffer (large ones recycled through
/// ``TensorMemory``) behind one or more ``Tensor`` values.
///
/// Reshapes share a storage; every other op writes a fresh one. Mutation through
/// ``Tensor/withUnsafeMutableBufferPointer(_:)`` copies first when the storage is shared
/// (copy-on-write), so a `Tensor` behaves as a value.
final class TensorStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// Uninitialised storage for `count` floats (callers write every element).
    init(uninitializedCount count: Int) {
        self.count = count
        let raw = TensorMemory.allocate(bytes: count * 4)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        s.pointer.update(from: pointer, count: count)
        return s
    }

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    deinit { TensorMemory.release(UnsafeMutableRawPointer(pointer), bytes: count * 4) }
}
