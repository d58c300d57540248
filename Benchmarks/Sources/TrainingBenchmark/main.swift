// One full training step of the `tiny` preset at batch 32 (issue 11), as `m3clip train` takes it:
// sampler, augmentation, label matrices, both encoders forward and backward, semantic-matching
// loss, global-norm clip, AdamW, logit-scale clamp — on an in-memory corpus of 512 grey 64 px
// squares and 2,048 texts of 62 bytes (64 tokens with the specials). Reports the median and best
// step time after two warm-up steps, and the peak RSS; with --torch PYTHON it runs
// Workers/training-reference/bench_step.py (the same step in PyTorch) right after, with the same
// threads, and prints the ratio.
//
//   swift run -c release TrainingBenchmark [--threads N] [--steps K] [--torch /path/to/python]
import Foundation
import Models
import Radiology
import Tensors
import Training

var threads = 1, steps = 10
var torchPython: String? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--threads": threads = Int(arguments.next() ?? "") ?? 1
    case "--steps": steps = Int(arguments.next() ?? "") ?? 10
    case "--torch": torchPython = arguments.next()
    default: FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8)); exit(2)
    }
}
TensorThreads.count = threads

var rng = TensorRNG(seed: 0)
let config = ModelPreset.tiny.config
let side = config.vision.imageSize
let findings = Observation.allCases
var images: [TrainingImage] = [], texts: [TrainingText] = []
for i in 0..<512 {
    var labels = ObservationLabels()
    labels[findings[i % findings.count]] = .positive
    images.append(TrainingImage(id: "image:\(i)", studyKey: "s\(i)", labels: labels, addedVersion: 1,
                                pixels: (0..<(side * side)).map { _ in rng.nextUniform() }, side: side))
}
let letters = Array("abcdefghijklmnopqrstuvwxyz ")
for i in 0..<2048 {
    var labels = ObservationLabels()
    labels[findings[(i * 7) % findings.count]] = i % 3 == 0 ? .negative : .positive
    let text = String((0..<62).map { _ in letters[Int(rng.next() % UInt64(letters.count))] })
    texts.append(TrainingText(id: "sentence:\(i)", studyKey: "s\(i % 512)", language: i % 2 == 0 ? "eng_Latn" : "deu_Latn",
                              text: text, labels: labels, origin: .sentence, addedVersion: 1))
}
let checkpoint = try ScratchInitialization.checkpoint(config, seed: 0)
var settings = TrainerSettings()
settings.steps = steps + 2
settings.logEvery = 1
settings.checkpointEvery = 1_000_000
settings.selfTrainedShare = 0
settings.augmentation = ImageAugmenter() // the step measured includes MedCLIP's augmentations, as bench_step.py's
let trainer = try ContrastiveTrainer(model: checkpoint.model, tokenizer: checkpoint.tokenizer,
                                     corpus: TrainingCorpus(version: 1, images: images, texts: texts),
                                     labels: TrainingLabels(), settings: settings)
var stamps: [Double] = []
let start = Date()
stamps.append(0)
_ = try trainer.run(progress: { _ in stamps.append(Date().timeIntervalSince(start)) })
let durations = zip(stamps.dropFirst(), stamps).map { $0 - $1 }.dropFirst(2).sorted()
let median = durations[durations.count / 2] * 1000, best = durations[0] * 1000
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print(String(format: "swift   tiny full step threads=%d median %8.1f ms  best %8.1f ms  (%d steps, peak RSS %.0f MB)",
             threads, median, best, steps, Double(usage.ru_maxrss) / 1024))

if let torchPython {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Workers/training-reference/bench_step.py").standardizedFileURL
    let process = Process()
    process.executableURL = URL(fileURLWithPath: torchPython)
    process.arguments = [script.path, "--threads", "\(threads)", "--steps", "\(steps)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    print(output, terminator: "")
    if let range = output.range(of: #"median\s+([0-9.]+)"#, options: .regularExpression),
       let torchMedian = Double(output[range].split(separator: " ").last ?? "") {
        print(String(format: "swift / pytorch (median): %.2f", median / torchMedian))
    }
}
