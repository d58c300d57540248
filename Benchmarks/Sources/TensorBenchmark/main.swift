// TensorBenchmark: the Tensors engine on a post-LayerNorm GELU transformer encoder block
// (BERT/XLM-R layout), forward + backward, next to the sgemm peak measured in the same run and
// to PyTorch (Workers/tensors-reference/bench_torch.py, run separately with the same shapes).
//
//   swift run -c release --package-path Benchmarks --scratch-path .build-bench TensorBenchmark [options]
//
// Options: --threads 1,2   thread counts (default 1,2)
//          --iters N       timed iterations per configuration (default 10; the block reports medians, sgemm and element-wise kernels the fastest run)
//          --quick         hidden 256 only, 3 iterations
//          --only KIND     sgemm, block, elementwise or embedding
//          --export DIR    write weights, input, output and input gradient of a small block to
//                          DIR/block.safetensors for bench_torch.py --check DIR
@preconcurrency import Foundation
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct Config { let hidden, seq, batch, heads: Int }

final class Block {
    let c: Config
    let q, k, v, o, f1, f2: (w: Parameter, b: Parameter)
    let ln1, ln2: (w: Parameter, b: Parameter)

    init(_ c: Config, seed: UInt64) {
        self.c = c
        var rng = TensorRNG(seed: seed)
        let h = c.hidden
        func lin(_ name: String, _ out: Int, _ inp: Int) -> (w: Parameter, b: Parameter) {
            (Parameter("\(name).weight", .randn([out, inp], std: 0.02, rng: &rng)),
             Parameter("\(name).bias", .randn([out], std: 0.02, rng: &rng)))
        }
        q = lin("attention.self.query", h, h); k = lin("attention.self.key", h, h); v = lin("attention.self.value", h, h)
        o = lin("attention.output.dense", h, h)
        f1 = lin("intermediate.dense", 4 * h, h); f2 = lin("output.dense", h, 4 * h)
        ln1 = (Parameter("attention.output.LayerNorm.weight", .ones([h])), Parameter("attention.output.LayerNorm.bias", .zeros([h])))
        ln2 = (Parameter("output.LayerNorm.weight", .ones([h])), Parameter("output.LayerNorm.bias", .zeros([h])))
    }

    var parameters: [Parameter] { [q.w, q.b, k.w, k.b, v.w, v.b, o.w, o.b, ln1.w, ln1.b, f1.w, f1.b, f2.w, f2.b, ln2.w, ln2.b] }

    /// x: [batch, seq, hidden] → [batch, seq, hidden].
    func forward(_ x: Tensor, tape: Tape?) -> Tensor {
        func p(_ t: Parameter) -> Tensor { tape?.watch(t) ?? t.value }
        let (b, s, h, nh) = (c.batch, c.seq, c.hidden, c.heads)
        let dh = h / nh
        func heads(_ t: Tensor) -> Tensor { t.reshaped([b, s, nh, dh]).permuted([0, 2, 1, 3]) }
        let qh = heads(linear(x, weight: p(q.w), bias: p(q.b)) * (1 / Float(dh).squareRoot()))
        let kh = heads(linear(x, weight: p(k.w), bias: p(k.b)))
        let vh = heads(linear(x, weight: p(v.w), bias: p(v.b)))
        let probs = softmax(matmul(qh, kh, transposeB: true))
        let ctx = matmul(probs, vh).permuted([0, 2, 1, 3]).reshaped([b, s, h])
        let x1 = layerNorm(x + linear(ctx, weight: p(o.w), bias: p(o.b)), weight: p(ln1.w), bias: p(ln1.b), eps: 1e-5)
        let ff = linear(gelu(linear(x1, weight: p(f1.w), bias: p(f1.b))), weight: p(f2.w), bias: p(f2.b))
        return layerNorm(x1 + ff, weight: p(ln2.w), bias: p(ln2.b), eps: 1e-5)
    }

    /// Matrix-product FLOPs of one forward (backward is twice this).
    var forwardFlops: Double {
        let t = Double(c.batch * c.seq), h = Double(c.hidden)
        return 24 * t * h * h + 4 * Double(c.batch) * Double(c.seq * c.seq) * h
    }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func peakRSSMiB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

/// CPU seconds used by the calling thread (unaffected by time spent descheduled on a busy host).
func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Fastest thread-CPU seconds of `body` (single-threaded kernels only).
func cpuTime(_ iters: Int, _ body: () -> Void) -> Double {
    body()
    return (0..<iters).map { _ in let t0 = threadCPU(); body(); return threadCPU() - t0 }.min()!
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

/// Fastest seconds of `body` over `iters` runs after one warm-up (the least disturbed run on a
/// shared machine).
func time(_ iters: Int, _ body: () -> Void) -> Double {
    body()
    return (0..<iters).map { _ in let t0 = now(); body(); return now() - t0 }.min()!
}

// MARK: - Arguments

var threadCounts = [1, 2]
var iters = 10
var quick = false
var exportDir: String? = nil
var only: String? = nil
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--threads": threadCounts = args.next()!.split(separator: ",").map { Int($0)! }
    case "--iters": iters = Int(args.next()!)!
    case "--quick": quick = true; iters = 3
    case "--export": exportDir = args.next()!
    case "--only": only = args.next()! // sgemm | block | elementwise | embedding
    default: fatalError("unknown option \(a)")
    }
}
setvbuf(stdout, nil, _IOLBF, 0)

// MARK: - Export for the PyTorch cross-check

if let dir = exportDir {
    TensorThreads.count = 1
    let c = Config(hidden: 64, seq: 8, batch: 2, heads: 4)
    let block = Block(c, seed: 11)
    var rng = TensorRNG(seed: 12)
    let x = Tensor.randn([c.batch, c.seq, c.hidden], rng: &rng)
    let probe = Tensor.randn([c.batch, c.seq, c.hidden], rng: &rng)
    let tape = Tape()
    let xt = tape.watch(x)
    let y = block.forward(xt, tape: tape)
    tape.backward(sum(y * probe))
    var tensors = block.parameters.map { ($0.name, $0.value) }
    tensors += [("input", x), ("probe", probe), ("output", y.detached), ("input.grad", tape.gradient(of: xt)!)]
    tensors += block.parameters.map { ("grad.\($0.name)", $0.grad!) }
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try SafeTensors.write(tensors, metadata: ["hidden": "\(c.hidden)", "seq": "\(c.seq)", "batch": "\(c.batch)", "heads": "\(c.heads)"],
                          to: URL(fileURLWithPath: dir).appendingPathComponent("block.safetensors"))
    print("wrote \(dir)/block.safetensors")
    exit(0)
}

// MARK: - sgemm peak

print("# Tensors engine benchmark (Swift, OpenBLAS sgemm), median of \(iters) iterations")

/// The sgemm rate (GFLOP/s, fastest of `max(iters, 5)`) on the hidden-768 FFN shape, measured
/// again right before each block so that both see the same machine load.
@MainActor func sgemmPeak(threads: Int) -> Double {
    TensorThreads.count = threads
    var rng = TensorRNG(seed: 1)
    let a = Tensor.randn([1024, 768], rng: &rng), b = Tensor.randn([3072, 768], rng: &rng)
    let s = time(max(iters, 5)) { _ = matmul(a, b, transposeB: true) }
    return 2 * 1024 * 768 * 3072 / s / 1e9
}

if only == nil || only == "sgemm" {
    for t in threadCounts {
        print(String(format: "sgemm peak  threads=%d  1024x768·(3072x768)ᵀ  %.1f GFLOP/s", t, sgemmPeak(threads: t)))
    }
}

// MARK: - Encoder block

let configs = quick ? [Config(hidden: 256, seq: 64, batch: 32, heads: 4)]
    : [Config(hidden: 256, seq: 64, batch: 32, heads: 4), Config(hidden: 768, seq: 128, batch: 8, heads: 12)]
if only == nil || only == "block" {
    print("block  hidden seq batch threads   fwd ms   bwd ms  total ms   GFLOP/s  sgemm GFLOP/s  %peak  peakRSS MiB")
}
for c in configs where only == nil || only == "block" {
    for t in threadCounts {
        let peak = sgemmPeak(threads: t)
        TensorThreads.count = t
        let block = Block(c, seed: 5)
        var rng = TensorRNG(seed: 6)
        let x = Tensor.randn([c.batch, c.seq, c.hidden], rng: &rng)
        var fwd: [Double] = [], bwd: [Double] = []
        for i in 0...iters {
            let t0 = now()
            let tape = Tape()
            let xt = tape.watch(x)
            let loss = mean(block.forward(xt, tape: tape))
            let t1 = now()
            tape.backward(loss)
            let t2 = now()
            for p in block.parameters { p.zeroGrad() }
            if i > 0 { fwd.append(t1 - t0); bwd.append(t2 - t1) } // the first is a warm-up
        }
        let f = median(fwd), b = median(bwd), total = median(zip(fwd, bwd).map { $0 + $1 })
        let gflops = 3 * block.forwardFlops / total / 1e9
        print(String(format: "block  %6d %3d %5d %7d %8.2f %8.2f %9.2f %9.1f %14.1f %5.0f%% %12.0f",
                     c.hidden, c.seq, c.batch, t, f * 1e3, b * 1e3, total * 1e3, gflops, peak, 100 * gflops / peak, peakRSSMiB()))
    }
}

// MARK: - Element-wise throughput (per core: one thread)

TensorThreads.count = 1
if only == nil || only == "elementwise" {
    // Two sizes: 64 Ki elements (in cache; the kernel's arithmetic) and 8 Mi (streams from memory,
    // including first-touch page faults of the freshly allocated output).
    for n in [64 * 1024, 8 * 1024 * 1024] {
        var rng = TensorRNG(seed: 2)
        let reps = max(1, 8 * 1024 * 1024 / n)
        let x = Tensor.randn([n], rng: &rng)
        let g1 = cpuTime(iters) { for _ in 0..<reps { _ = gelu(x) } }
        let g2 = cpuTime(iters) { for _ in 0..<reps { _ = gelu(x, approximate: true) } }
        let rows = Tensor.randn([n / 768 + 1, 768], rng: &rng), w = Tensor.ones([768]), bias = Tensor.zeros([768])
        let ln = cpuTime(iters) { for _ in 0..<reps { _ = layerNorm(rows, weight: w, bias: bias) } }
        let sm = cpuTime(iters) { for _ in 0..<reps { _ = softmax(rows) } }
        let m = Double(n * reps), r = Double(rows.count * reps)
        print(String(format: "elementwise 1 thread (CPU time), %7d elements: GELU(erf) %.2f G/s, GELU(tanh) %.2f G/s, LayerNorm(768) %.2f G/s, softmax(768) %.2f G/s",
                     n, m / g1 / 1e9, m / g2 / 1e9, r / ln / 1e9, r / sm / 1e9))
    }
}
// MARK: - Embedding gradient: dense vs row-sparse

// XLM-R base's word embeddings (250,002 × 768) read by one batch of 32 texts × 64 tokens: the
// lookup's backward, the global-norm clip and the AdamW step, with a dense gradient (a fresh
// 250k × 768 tensor, every row clipped and updated) and with a row-sparse one (Parameter.sparseGradient).
if only == nil || only == "embedding" {
    TensorThreads.count = threadCounts.max() ?? 1
    var rng = TensorRNG(seed: 5)
    let ids = (0..<(32 * 64)).map { _ in Int32(rng.next() % 250_002) }
    for sparse in [false, true] {
        let table = Parameter("embeddings.word_embeddings.weight", Tensor.randn([250_002, 768], std: 0.02, rng: &rng))
        table.sparseGradient = sparse
        let optimizer = AdamW([table], learningRate: 1e-4, weightDecay: 0.01)
        let step = time(max(iters, 5)) {
            let tape = Tape()
            let x = embedding(ids, table: tape.watch(table), shape: [32, 64])
            tape.backward(sum(x * x))
            clipGradientNorm([table], maxNorm: 1)
            optimizer.step()
            optimizer.zeroGrad()
        }
        print(String(format: "embedding 250002x768, 32x64 ids, threads=%d: %@ gradient, backward + clip + AdamW %.1f ms",
                     TensorThreads.count, sparse ? "row-sparse" : "dense     ", step * 1000))
    }
}
print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
