// EncoderBenchmark: m3clip's Swift encoders on the CPU, next to PyTorch with the same weights,
// shapes and threads (Workers/encoders-reference/bench.py; compare.sh runs both side by side).
//
//   python Workers/encoders-reference/bench.py prepare DIR      # once: HF-initialised weights + inputs
//   swift build -c release --product EncoderBenchmark
//   .build/release/EncoderBenchmark DIR [--threads N] [--iters K] [--only CASE]
//
// Cases (issue 8): base-text (XLM-R base inference, 32 × 64 tokens, MedCLIP pooling), base-image
// (Swin-T inference, 8 × 224² px), tiny-train (the `tiny` preset's training step at batch 32:
// both encoders forward + backward, projections, semantic-matching loss, AdamW; 64 tokens, 64² px). Each case first
// checks its output against the PyTorch reference stored by `prepare`, then prints the median and
// best of K timed runs after one warm-up.
import Foundation
import Models
import Tensors

struct Options {
    var dir = ""
    var threads = 1
    var iters = 3
    var only: String?
    var tokenizer: String?
    var cases: String?

    init(_ args: [String]) {
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--threads": threads = Int(args[i + 1]) ?? 1; i += 1
            case "--iters": iters = Int(args[i + 1]) ?? 3; i += 1
            case "--only": only = args[i + 1]; i += 1
            case "--tokenizer": tokenizer = args[i + 1]; i += 1
            case "--cases": cases = args[i + 1]; i += 1
            default: dir = args[i]
            }
            i += 1
        }
        if dir.isEmpty && tokenizer == nil {
            print("usage: EncoderBenchmark DIR [--threads N] [--iters K] [--only base-text|base-image|tiny-train]")
            print("       EncoderBenchmark --tokenizer tokenizer.json --cases cases.json   (load and encode throughput)")
            exit(2)
        }
    }
}

func tensors(_ path: String) throws -> [String: Tensor] {
    let file = try SafeTensors(contentsOf: URL(fileURLWithPath: path))
    var out: [String: Tensor] = [:]
    for n in file.names { out[n] = try file.tensor(n) }
    return out
}

func timed(_ iters: Int, _ body: () -> Void) -> (median: Double, best: Double) {
    body()
    var times: [Double] = []
    for _ in 0..<iters {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

func check(_ name: String, _ got: Tensor, _ want: Tensor) {
    let g = got.scalars, w = want.scalars
    var diff: Float = 0, scale: Float = 1e-12
    for i in 0..<w.count { diff = max(diff, abs(g[i] - w[i])); scale = max(scale, abs(w[i])) }
    print("swift   \(name.padding(toLength: 11, withPad: " ", startingAt: 0)) check: max relative error \(String(format: "%.2e", diff / scale)) vs PyTorch")
}

func report(_ name: String, _ threads: Int, _ t: (median: Double, best: Double)) {
    print(String(format: "swift   %@ threads=%d median %9.1f ms  best %9.1f ms",
                 name.padding(toLength: 11, withPad: " ", startingAt: 0), threads, t.median * 1000, t.best * 1000))
}

func rows(_ t: Tensor) -> [[Int32]] {
    let (b, l) = (t.shape[0], t.shape[1])
    return (0..<b).map { r in t.scalars[(r * l)..<((r + 1) * l)].map { Int32($0) } }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
TensorThreads.count = options.threads

// Tokenizer case: load time of a (large) tokenizer.json, then encoding throughput on the cases'
// texts, checking the ids `tokenizers` gave (cases.json: {"cases": [{"text", "ids"}]}).
if let path = options.tokenizer {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let tokenizer = try HuggingFaceTokenizer(contentsOf: URL(fileURLWithPath: path))
    let load = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    var texts: [String] = [], mismatches = 0
    if let casesPath = options.cases {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: casesPath))) as! [String: Any]
        for c in object["cases"] as! [[String: Any]] {
            let text = c["text"] as! String
            texts.append(text)
            if tokenizer.encode(text, maxLength: 100_000) != (c["ids"] as! [Int]).map(Int32.init) { mismatches += 1 }
        }
    }
    let rounds = 20
    let t = timed(options.iters) { for _ in 0..<rounds { for text in texts { _ = tokenizer.encode(text, maxLength: 512) } } }
    print(String(format: "swift   tokenizer   %d pieces, load %.0f ms, %d/%d ids identical, encode %d sentences: median %.1f ms",
                 tokenizer.model.pieces.count, load, texts.count - mismatches, texts.count, texts.count * rounds, t.median * 1000))
    exit(0)
}

let inputs = try tensors(options.dir + "/inputs.safetensors")

if options.only == nil || options.only == "base-text" {
    let text = XLMRobertaModel(config: ModelPreset.base.config.text)
    try text.load(try tensors(options.dir + "/xlmr_base.safetensors"))
    let ids = rows(inputs["ids"]!), mask = rows(inputs["mask"]!)
    let batch = TokenBatch(zip(ids, mask).map { row, m in Array(row.prefix(m.reduce(0) { $0 + Int($1) })) },
                           padID: 1, length: ids[0].count)
    check("base-text", TextPooling.medclip(text(batch)), inputs["text_pooled"]!)
    report("base-text", options.threads, timed(options.iters) { _ = TextPooling.medclip(text(batch)) })
}

if options.only == nil || options.only == "base-image" {
    let vision = SwinModel(config: ModelPreset.base.config.vision)
    try vision.load(try tensors(options.dir + "/swin_t.safetensors"))
    let pixels = inputs["pixels"]!
    check("base-image", vision(pixels).pooled, inputs["image_pooled"]!)
    report("base-image", options.threads, timed(options.iters) { _ = vision(pixels).pooled })
}

if options.only == nil || options.only == "tiny-train" {
    let model = M3CLIPModel(config: ModelPreset.tiny.config)
    try model.load(try tensors(options.dir + "/tiny.safetensors"))
    let batch = TokenBatch(rows(inputs["tiny_ids"]!), padID: 1)
    let pixels = inputs["tiny_pixels"]!, soft = inputs["soft"]!
    func loss(_ w: Weights) -> Tensor {
        let t = model.encodeText(batch, w), v = model.encodeImage(pixels, w)
        let z = model.logits(image: v, text: t, w)
        return (crossEntropy(z, targets: soft) + crossEntropy(z.transposed(), targets: soft.transposed())) * 0.5
    }
    let first = loss(Weights())
    print("swift   tiny-train  loss \(first.item) (PyTorch \(inputs["tiny_loss"]!.item))")
    check("tiny-train", first.reshaped([1]), inputs["tiny_loss"]!)
    let optimizer = AdamW(model.parameters, learningRate: 1e-5, weightDecay: 0.01)
    report("tiny-train", options.threads, timed(options.iters) {
        optimizer.zeroGrad()
        let tape = Tape()
        tape.backward(loss(Weights(tape: tape)))
        optimizer.step()
    })
}
