import Foundation
import Testing
@testable import Tensors

@Suite struct OptimizerTests {
    @Test func adamWMatchesReference() throws {
        struct Fixture: Decodable {
            let initial: FixtureTensor
            let grads: [FixtureTensor]
            let after_each_step: [FixtureTensor]
            let lr, beta1, beta2, eps, weight_decay: Double
        }
        let f = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL("adamw.json")))
        let p = Parameter("w", f.initial.tensor)
        let opt = AdamW([p], learningRate: Float(f.lr), beta1: Float(f.beta1), beta2: Float(f.beta2),
                        epsilon: Float(f.eps), weightDecay: Float(f.weight_decay))
        for (g, expected) in zip(f.grads, f.after_each_step) {
            p.grad = g.tensor
            opt.step()
            expectClose(p.value, expected.tensor, atol: 1e-6, rtol: 1e-5, "AdamW step \(opt.stepCount)")
        }
    }

    @Test func noDecayOnBiasesAndNorms() {
        #expect(Parameter("b", .zeros([4])).decay == false)
        #expect(Parameter("w", .zeros([4, 4])).decay == true)
        let b = Parameter("b", .ones([2]))
        b.grad = .zeros([2])
        let opt = AdamW([b], learningRate: 0.1, weightDecay: 0.5)
        opt.step()
        #expect(b.value.scalars == [1, 1])
    }

    @Test func sgdMomentum() {
        let p = Parameter("w", Tensor(shape: [1, 1], values: [1]))
        let opt = SGD([p], learningRate: 0.1, momentum: 0.9)
        p.grad = Tensor(shape: [1, 1], values: [1])
        opt.step() // b = 1, p = 0.9
        opt.step() // b = 1.9, p = 0.71
        #expect(abs(p.value.item - 0.71) < 1e-6)
    }

    @Test func warmupCosine() {
        let s = WarmupCosineSchedule(peak: 1, warmupSteps: 10, totalSteps: 110, minimum: 0.1)
        #expect(s.learningRate(at: 0) == 0.1)
        #expect(s.learningRate(at: 9) == 1)
        #expect(abs(s.learningRate(at: 60) - 0.55) < 1e-6)
        #expect(abs(s.learningRate(at: 110) - 0.1) < 1e-6)
    }

    @Test func clipping() {
        let a = Parameter("a", .zeros([2])), b = Parameter("b", .zeros([1]))
        a.grad = Tensor(shape: [2], values: [3, 0])
        b.grad = Tensor(shape: [1], values: [4])
        let norm = clipGradientNorm([a, b], maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(abs(a.grad!.scalars[0] - 0.6) < 1e-5 && abs(b.grad!.scalars[0] - 0.8) < 1e-5)
    }

    // MARK: - Two-layer MLP on a synthetic problem

    /// Three concentric rings in 2-D (not linearly separable), with gaps between them.
    static func rings(_ n: Int) -> (Tensor, [Int]) {
        var rng = TensorRNG(seed: 3)
        var xs: [Float] = [], labels: [Int] = []
        let bands: [(Float, Float)] = [(0, 0.8), (1.2, 1.8), (2.2, 3)]
        for i in 0..<n {
            let c = i % 3
            let r = bands[c].0 + (bands[c].1 - bands[c].0) * rng.nextUniform()
            let a = 2 * Float.pi * rng.nextUniform()
            xs += [r * Foundation.cos(a), r * Foundation.sin(a)]
            labels.append(c)
        }
        return (Tensor(shape: [n, 2], values: xs), labels)
    }

    final class MLP {
        let w1, b1, w2, b2: Parameter
        init(seed: UInt64) {
            var rng = TensorRNG(seed: seed)
            w1 = Parameter("fc1.weight", .randn([32, 2], std: 0.7, rng: &rng))
            b1 = Parameter("fc1.bias", .zeros([32]))
            w2 = Parameter("fc2.weight", .randn([3, 32], std: 0.17, rng: &rng))
            b2 = Parameter("fc2.bias", .zeros([3]))
        }
        init(loading url: URL) throws {
            let f = try SafeTensors(contentsOf: url)
            w1 = Parameter("fc1.weight", try f.tensor("fc1.weight")); b1 = Parameter("fc1.bias", try f.tensor("fc1.bias"))
            w2 = Parameter("fc2.weight", try f.tensor("fc2.weight")); b2 = Parameter("fc2.bias", try f.tensor("fc2.bias"))
        }
        var parameters: [Parameter] { [w1, b1, w2, b2] }
        func logits(_ x: Tensor, tape: Tape?) -> Tensor {
            func v(_ p: Parameter) -> Tensor { tape?.watch(p) ?? p.value }
            return linear(relu(linear(x, weight: v(w1), bias: v(b1))), weight: v(w2), bias: v(b2))
        }
        func save(_ url: URL) throws {
            try SafeTensors.write(parameters.map { ($0.name, $0.value) }, metadata: ["arch": "mlp"], to: url)
        }
    }

    static let schedule = WarmupCosineSchedule(peak: 0.05, warmupSteps: 10, totalSteps: 120, minimum: 0.005)

    /// Trains `steps` full-batch steps and returns the losses.
    static func train(_ model: MLP, _ opt: AdamW, steps: Int, x: Tensor, y: [Int]) -> [Float] {
        var losses: [Float] = []
        for _ in 0..<steps {
            opt.learningRate = schedule.learningRate(at: opt.stepCount)
            opt.zeroGrad()
            let tape = Tape()
            let loss = crossEntropy(model.logits(x, tape: tape), labels: y)
            tape.backward(loss)
            clipGradientNorm(model.parameters, maxNorm: 5)
            opt.step()
            losses.append(loss.item)
        }
        return losses
    }

    @Test func mlpFitsAndResumesExactly() throws {
        try withThreadSettings { try mlpFitsAndResumes() }
    }

    func mlpFitsAndResumes() throws {
        // Kept small: tests run in debug builds, where SIMD kernels are slow.
        let (x, y) = Self.rings(150)
        let model = MLP(seed: 1)
        let opt = AdamW(model.parameters, weightDecay: 0.01)
        let head = Self.train(model, opt, steps: 60, x: x, y: y)

        // Interrupted at step 60: save model and optimizer, reload into fresh objects.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tensors-resume-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try model.save(dir.appendingPathComponent("model.safetensors"))
        try opt.save(to: dir.appendingPathComponent("optimizer.safetensors"))
        let resumed = try MLP(loading: dir.appendingPathComponent("model.safetensors"))
        let opt2 = AdamW(resumed.parameters, weightDecay: 0.01)
        try opt2.load(from: dir.appendingPathComponent("optimizer.safetensors"))
        #expect(opt2.stepCount == 60)

        // The uninterrupted run continues; the resumed one must follow the same loss curve.
        let tail = Self.train(model, opt, steps: 60, x: x, y: y)
        let resumedTail = Self.train(resumed, opt2, steps: 60, x: x, y: y)
        #expect(resumedTail == tail, "resumed loss curve differs from the uninterrupted run")
        #expect(tail.last! < head.first! / 10, "loss \(head.first!) → \(tail.last!)")

        let logits = model.logits(x, tape: nil)
        var correct = 0
        for i in 0..<y.count {
            let row = (0..<3).map { logits[i, $0] }
            if row.firstIndex(of: row.max()!) == y[i] { correct += 1 }
        }
        let accuracy = Double(correct) / Double(y.count)
        #expect(accuracy >= 0.99, "training accuracy \(accuracy), final loss \(tail.last!)")
    }

    @Test func optimizerStateMismatchThrows() throws {
        let p = Parameter("w", .zeros([2, 2]))
        let opt = AdamW([p])
        #expect(throws: OptimizerStateError.self) {
            try opt.loadStateDict(tensors: ["exp_avg.w": .zeros([3])], metadata: ["optimizer": "AdamW", "step": "1"])
        }
    }
}
