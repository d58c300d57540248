import ArgumentParser
import Daemon
import Foundation
import Models
import Store
import Tensors
import Training

/// What `m3clip pretrain-text` and `pretrain-text export` share: the starting encoder, the corpus
/// and the run's settings.
struct TextPretrainingOptions: ParsableArguments {
    @Option(help: "Model size for --from scratch: tiny, micro or base (default: [training] preset).")
    var preset: String?

    @Option(help: "scratch, or a folder (pretrain-text output, or an HF XLM-R MLM/encoder folder).")
    var from: String = "scratch"

    @Option(help: "Objectives, comma-separated: mlm, tlm.")
    var objectives: String = "mlm,tlm"

    @Option(help: "Time budget in minutes.")
    var minutes: Double?

    @Option(help: "Optimiser steps (instead of --minutes).")
    var steps: Int?

    @Option(help: "Sequences per batch.")
    var batch: Int = 32

    @Flag(name: .customLong("whole-words"), help: "Mask whole words instead of single tokens.")
    var wholeWords = false

    @Flag(name: .customLong("prune-vocabulary"), help: "Keep only the tokens the corpus uses (an XLM-R tokenizer; the saved tokenizer is renumbered).")
    var pruneVocabulary = false

    @Option(help: "Seed for initialisation, sampling and masking.")
    var seed: UInt64 = 0

    func validate() throws {
        if (minutes == nil) == (steps == nil) { throw ValidationError("give --minutes or --steps") }
        for name in objectives.split(separator: ",") where TextPretrainingObjective(rawValue: String(name)) == nil {
            throw ValidationError("--objectives takes mlm, tlm or mlm,tlm (got \(name))")
        }
    }

    /// The starting encoder (pruned when asked), the corpus outside the evaluation split, and the
    /// settings (TLM dropped with a note when no translation is kept yet).
    func plan(configuration: Configuration, store: CorpusStore) throws -> (TextEncoderCheckpoint, TextPretrainingCorpus, TextPretrainingSettings) {
        var start: TextEncoderCheckpoint
        if from == "scratch" {
            let name = preset ?? configuration.training.preset
            guard let modelPreset = ModelPreset(rawValue: name), modelPreset.config.tokenizer == .bytes else {
                throw ValidationError("--from scratch needs a byte-tokenizer preset (tiny, micro); for base start from an XLM-R folder")
            }
            start = TextEncoderCheckpoint(model: XLMRobertaMaskedLM(config: modelPreset.config.text, seed: seed), tokenizer: ByteTokenizer())
        } else {
            start = try TextEncoderCheckpoint.load(from: URL(fileURLWithPath: from), seed: seed)
        }
        let corpus = try TextPretrainingCorpusLoader(store: store, split: EvaluationSplit(share: configuration.training.evaluationShare)).load()
        if pruneVocabulary {
            guard let hf = start.tokenizer as? HuggingFaceTokenizer else {
                throw ValidationError("--prune-vocabulary needs an XLM-R tokenizer (the byte tokenizer has 261 ids already)")
            }
            let pruning = try VocabularyPruning(hf, keeping: corpus.sentences.map(\.text))
            start = TextEncoderCheckpoint(model: try pruning.prune(start.model), tokenizer: pruning.tokenizer)
            printError("m3clip pretrain-text: vocabulary pruned to the corpus: \(pruning.keptIDs.count) of \(hf.vocabularySize) tokens")
        }
        var settings = TextPretrainingSettings()
        settings.objectives = objectives.split(separator: ",").compactMap { TextPretrainingObjective(rawValue: String($0)) }
        if corpus.pairs.isEmpty, settings.objectives.contains(.tlm) {
            guard settings.objectives.contains(.mlm) else {
                printError("m3clip pretrain-text: no kept translations yet: TLM has nothing to read (add mlm, or translate first)")
                throw ExitCode.failure
            }
            printError("m3clip pretrain-text: no kept translations yet: running MLM only")
            settings.objectives = [.mlm]
        }
        settings.minutes = minutes
        settings.steps = steps
        settings.batchSize = batch
        settings.wholeWords = wholeWords
        settings.seed = seed
        settings.maxLength = min(settings.maxLength, start.model.encoder.config.maxSequenceLength / (settings.objectives.contains(.tlm) ? 2 : 1))
        printError("m3clip pretrain-text: \(corpus.sentences.count) sentences in \(corpus.sentenceCounts.count) languages, "
            + "\(corpus.pairs.count) translation pairs; objectives \(settings.objectives.map(\.rawValue).joined(separator: "+"))")
        return (start, corpus, settings)
    }
}
