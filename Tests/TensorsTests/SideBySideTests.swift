import Testing
@testable import Tensors

@Suite struct SideBySideTests {
    /// `value` and `weight.grad` of sum(gelu(x·w)) on a tape of its own.
    static func tower(_ x: Tensor, _ weight: Parameter) -> (threads: Int, value: Float) {
        let tape = Tape()
        let loss = sum(gelu(matmul(x, tape.watch(weight))))
        tape.backward(loss)
        return (TensorThreads.count, loss.item)
    }

    @Test func twoTapesSideBySideMatchOneAfterTheOther() {
        let x1 = randn([256, 96], seed: 1), x2 = randn([192, 128], seed: 2)
        func parameters() -> (Parameter, Parameter) {
            (Parameter("a", randn([96, 80], seed: 3)), Parameter("b", randn([128, 64], seed: 4)))
        }
        let (a1, b1) = parameters(), (a2, b2) = parameters()
        let serial = withThreadSettings(1) {
            TensorThreads.sideBySide({ Self.tower(x1, a1) }, { Self.tower(x2, b1) })
        }
        let (side, after) = withThreadSettings(2) {
            (TensorThreads.sideBySide({ Self.tower(x1, a2) }, { Self.tower(x2, b2) }), TensorThreads.count)
        }
        #expect(side.0.threads == 1 && side.1.threads == 1 && after == 2) // each side single-threaded, then restored
        #expect(side.0.value == serial.0.value && side.1.value == serial.1.value)
        #expect(a2.grad!.scalars == a1.grad!.scalars && b2.grad!.scalars == b1.grad!.scalars)
    }
}
