import Testing
@testable import Tensors

@Suite struct AutogradTests {
    @Test func inferenceModeRecordsNothing() {
        let w = Parameter("w", randn([4, 3], seed: 1))
        let x = randn([2, 3], seed: 2)
        let y = gelu(linear(x, weight: w.value))
        #expect(!y.requiresGrad && y.tape == nil)
        #expect(w.grad == nil)
    }

    @Test func constantsGetNoGradientWork() {
        let tape = Tape()
        let w = Parameter("w", randn([4, 3], seed: 1))
        let x = randn([2, 3], seed: 2)
        let loss = sum(linear(x, weight: tape.watch(w)))
        let recorded = tape.count
        tape.backward(loss)
        #expect(recorded == 3) // w, linear, sum
        #expect(w.grad != nil)
    }

    @Test func gradientsAccumulateOverMicroBatches() {
        let w = Parameter("w", randn([3, 5], seed: 1))
        let b = Parameter("b", randn([3], seed: 2))
        let x = randn([8, 5], seed: 3)
        let labels = [0, 1, 2, 0, 1, 2, 0, 1]
        func loss(_ rows: Range<Int>, _ tape: Tape) -> Tensor {
            let logits = linear(x.slice(axis: 0, rows), weight: tape.watch(w), bias: tape.watch(b))
            return crossEntropy(logits, labels: Array(labels[rows]))
        }
        // Whole batch, mean loss.
        let whole = Tape()
        whole.backward(loss(0..<8, whole))
        let gw = w.grad!, gb = b.grad!
        w.zeroGrad(); b.zeroGrad()
        // Two micro-batches of 4, each loss halved: the same gradient.
        for rows in [0..<4, 4..<8] {
            let tape = Tape()
            tape.backward(loss(rows, tape) * 0.5)
        }
        expectClose(w.grad!, gw, atol: 1e-6, rtol: 1e-5, "accumulated ∂w")
        expectClose(b.grad!, gb, atol: 1e-6, rtol: 1e-5, "accumulated ∂b")
    }

    @Test func sharedParameterUsedTwiceSumsBothPaths() {
        let p = Parameter("p", Tensor(shape: [2], values: [1, 2]))
        let tape = Tape()
        let a = tape.watch(p), b = tape.watch(p)
        tape.backward(sum(a * b)) // Σ p², ∂ = 2p
        #expect(p.grad!.scalars == [2, 4])
    }

    @Test func watchedTensorGradient() {
        let tape = Tape()
        let x = tape.watch(Tensor(shape: [3], values: [1, 2, 3]))
        tape.backward(sum(x * x * 3))
        #expect(tape.gradient(of: x)!.scalars == [6, 12, 18])
    }

    @Test func activationsAreReleasedDuringBackward() {
        weak var weakStorage: TensorStorage?
        let w = Parameter("w", randn([16, 16], seed: 1))
        let tape = Tape()
        do {
            let h = gelu(matmul(randn([4, 16], seed: 2), tape.watch(w)))
            weakStorage = h.storage
            let loss = sum(h)
            tape.backward(loss)
        }
        #expect(weakStorage == nil, "the gelu output should be freed once backward has used it")
        #expect(w.grad != nil)
    }

    @Test func deterministicForFixedSeedAndThreads() {
        func run() -> [Float] {
            var rng = TensorRNG(seed: 42)
            let x = Tensor.randn([64, 300], rng: &rng)
            let g = Tensor.randn([300], rng: &rng), b = Tensor.randn([300], rng: &rng)
            let tape = Tape()
            let xp = tape.watch(x)
            let y = dropout(gelu(layerNorm(xp, weight: g, bias: b)), p: 0.1, rng: &rng)
            let loss = sum(softmax(y) * y)
            tape.backward(loss)
            return loss.scalars + tape.gradient(of: xp)!.scalars
        }
        let one = withThreadSettings(1) { run() }
        #expect(withThreadSettings(1) { run() } == one)
        let two = withThreadSettings(2) { run() }
        #expect(withThreadSettings(2) { run() } == two)
        // Row kernels split by rows, so even the thread count does not change these results.
        #expect(two == one)
    }

    @Test func parallelKernelsMatchSerial() {
        let x = randn([70_001], seed: 9)
        let (a, s1) = withThreadSettings(1) { ((gelu(x) + x * 2).scalars, sum(x.reshaped([70_001])).scalars) }
        withThreadSettings(2) {
            #expect((gelu(x) + x * 2).scalars == a)
            #expect(sum(x.reshaped([70_001])).scalars == s1)
        }
    }
}
