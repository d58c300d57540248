/// A seeded, splittable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Everything random in the engine (initialisation, dropout masks) takes one of these
/// explicitly, so a run is reproducible from its seed.
public struct TensorRNG: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator from a 64-bit seed.
    public init(seed: UInt64) {
        var x = seed
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(&x); s1 = splitmix(&x); s2 = splitmix(&x); s3 = splitmix(&x)
    }

    /// The generator's full state, for checkpoints (restore with ``init(state:)``).
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// Restores a generator from ``state``, so a resumed run draws the same numbers.
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state != [0, 0, 0, 0], "TensorRNG(state:): need the 4 non-zero words of `state`")
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3]
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// An index in `0..<n` (the next 64 bits modulo `n`: a bias below n / 2⁶⁴, nothing at the sizes
    /// batches and sentences have).
    @inline(__always)
    public mutating func nextIndex(below n: Int) -> Int {
        precondition(n > 0, "TensorRNG.nextIndex: n must be positive, got \(n)")
        return Int(next() % UInt64(n))
    }

    /// A uniform float in [0, 1) with 24 random bits.
    @inline(__always)
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A standard normal sample (Box–Muller, one value per call).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1.0p-53, 1e-300)
        let u2 = Double(next() >> 11) * 0x1.0p-53
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }
}

// Foundation-free math for the RNG.
#if canImport(Glibc)
import Glibc
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
