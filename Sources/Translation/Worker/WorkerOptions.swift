public import Foundation

/// How `CTranslate2Engine` runs its Python worker (`[translation.ctranslate2]` in the configuration).
public struct WorkerOptions: Sendable, Equatable {
    /// The Python interpreter, normally `Workers/translate/.venv/bin/python`.
    public var python: URL
    /// `Workers/translate/worker.py`.
    public var script: URL
    /// A CTranslate2 model folder (model.bin, shared_vocabulary.json, sentencepiece.bpe.model).
    public var model: URL
    /// Names the model in memory keys; default: the model folder's name.
    public var modelID: String
    /// `cpu`, `cuda` or `auto`.
    public var device = "cpu"
    /// `int8`, `int8_float16`, `float16`, `float32` or `default`.
    public var computeType = "int8"
    public var beamSize = 4
    /// Sentences per engine call (the worker splits further by `maxBatchSize`).
    public var maxBatchSize = 32
    public var interThreads = 1
    /// 0 lets CTranslate2 choose.
    public var intraThreads = 0
    public var maxDecodingLength = 256
    /// Longest a batch may take before the worker is killed and the batch retried.
    public var batchTimeoutSeconds = 300.0
    /// Longest model loading may take.
    public var startTimeoutSeconds = 120.0
    /// Restart backoff: first delay, doubled per consecutive failure up to the maximum.
    public var restartBackoffSeconds = 1.0
    public var restartBackoffMaxSeconds = 60.0
    /// Tries per batch (the first plus retries after restarts) before the batch is given up
    /// (its sentences stay pending).
    public var attemptsPerBatch = 3
    /// Extra arguments passed to the worker (tests use `--debug-delay`).
    public var extraArguments: [String] = []

    public init(python: URL, script: URL, model: URL, modelID: String? = nil) {
        self.python = python
        self.script = script
        self.model = model
        self.modelID = modelID ?? model.standardizedFileURL.lastPathComponent
    }

    /// The worker's command line after the interpreter.
    public var arguments: [String] {
        [script.path, "--model", model.path, "--device", device, "--compute-type", computeType,
         "--beam-size", String(beamSize), "--max-batch-size", String(maxBatchSize),
         "--inter-threads", String(interThreads), "--intra-threads", String(intraThreads),
         "--max-decoding-length", String(maxDecodingLength)] + extraArguments
    }

    /// Why the worker cannot start, nil when interpreter, script and model are in place.
    public func missingPiece() -> String? {
        let files = FileManager.default
        if !files.isExecutableFile(atPath: python.path) {
            return "no Python interpreter at \(python.path) (run Scripts/setup.sh to create the worker's venv)"
        }
        if !files.fileExists(atPath: script.path) { return "no worker script at \(script.path)" }
        for name in ["model.bin", "sentencepiece.bpe.model"] where !files.fileExists(atPath: model.appendingPathComponent(name).path) {
            return "no \(name) in the model folder \(model.path) (see README: converting NLLB-200)"
        }
        return nil
    }
}
