import Tensors

/// The generator state a fresh run starts from.
enum TensorRNGState {
    static func initial(seed: UInt64) -> [UInt64] { TensorRNG(seed: seed).state }
}
