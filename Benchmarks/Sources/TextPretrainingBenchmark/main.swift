// Medical text pre-training (issue 18): MLM-only vs MLM+TLM on the `tiny` text encoder, from the
// same random start, for the same CPU time, judged on held-out text before and after:
// masked-token accuracy (all languages, same masks) and cross-lingual retrieval R@1 (English →
// German, French, Spanish, Chinese; mean-pooled states).
//
// Corpus: phantom studies whose findings the phantom writer states in all 21 languages (real
// parallel text: the phrasebooks are translations of one another, one sentence per finding),
// plus the English sentences of ../shared/data/iu-xray-dev/reports.csv when present (IU_DIR).
// Held out: the studies of a 10 % evaluation split.
//
//   swift run -c release TextPretrainingBenchmark [--minutes 10] [--studies 3000] [--threads 1] [--save DIR]
// (--save writes each pre-trained encoder as an HF MLM folder, DIR/mlm and DIR/mlm-tlm, for `m3clip train --text-from`.)
import Foundation
import Models
import Phantoms
import Radiology
import Tensors
import Training

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

var minutes = 10.0, studies = 3000, saveFolder: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--minutes": minutes = arguments.next().flatMap(Double.init) ?? minutes
    case "--studies": studies = arguments.next().flatMap(Int.init) ?? studies
    case "--threads": TensorThreads.count = arguments.next().flatMap(Int.init) ?? 1
    case "--save": saveFolder = arguments.next()
    default: fatalError("unknown argument \(argument)")
    }
}

// The corpus.
let languages = ReportWriter.languages
let english = LanguageCode.english
var sentences: [TextPretrainingCorpus.Sentence] = []
var pairs: [TextPretrainingCorpus.Pair] = []
for index in 0..<studies {
    let seed = UInt64(index) &* 7919 &+ 17
    let truth = Phantom(labels: StudyMix.practice(seed: seed).normalised(), seed: seed, width: 32, height: 32).truth
    let key = "phantom-\(index)"
    for row in try ReportWriter.parallelSentences(for: truth, languages: languages, seed: seed) {
        for (language, text) in row { sentences.append(.init(studyKey: key, language: language.rawValue, text: text)) }
        let source = TextPretrainingCorpus.Sentence(studyKey: key, language: english.rawValue, text: row[english]!)
        for (language, text) in row where language != english {
            pairs.append(.init(source: source, translation: .init(studyKey: key, language: language.rawValue, text: text)))
        }
    }
}
let iuFolder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["IU_DIR"] ?? "../shared/data/iu-xray-dev")
var iuSentences = 0
if let text = try? String(contentsOf: iuFolder.appendingPathComponent("reports.csv"), encoding: .utf8) {
    let rows = try CSV.parse(text)
    let header = rows[0]
    let uid = header.firstIndex(of: "uid")!, findings = header.firstIndex(of: "findings")!, impression = header.firstIndex(of: "impression")!
    let splitter = SentenceSplitter()
    for row in rows.dropFirst() where row.count == header.count {
        for sentence in splitter.split(row[findings] + " " + row[impression]) where sentence.count > 3 {
            sentences.append(.init(studyKey: "iu-\(row[uid])", language: english.rawValue, text: sentence))
            iuSentences += 1
        }
    }
}
let corpus = TextPretrainingCorpus(sentences: sentences, pairs: pairs)
let split = EvaluationSplit(share: 0.1)
let training = corpus.split(split, evaluation: false), heldOut = corpus.split(split, evaluation: true)
say("corpus: \(studies) phantom studies in \(languages.count) languages + \(iuSentences) IU-dev sentences; "
    + "training \(training.sentences.count) sentences, \(training.pairs.count) pairs; held out \(heldOut.sentences.count) sentences, \(heldOut.pairs.count) pairs")

// Held-out sets, fixed for every model.
var pick = TensorRNG(seed: 99)
var shuffledSentences = heldOut.sentences.map(\.text)
shuffledSentences.shuffle(using: &pick)
let evaluationSentences = Array(shuffledSentences.prefix(2000))
let retrievalLanguages = ["deu_Latn", "fra_Latn", "spa_Latn", "zho_Hans"]
let retrievalSets: [String: [TextPretrainingCorpus.Pair]] = Dictionary(uniqueKeysWithValues: retrievalLanguages.map { language in
    var seen = Set<String>()
    var set = heldOut.pairs.filter { $0.translation.language == language && seen.insert($0.source.text + "\u{1}" + $0.translation.text).inserted }
    set.shuffle(using: &pick)
    return (language, Array(set.prefix(400)))
})

let preset = ModelPreset.tiny.config
let tokenizer = ByteTokenizer()
let maxLength = preset.text.maxSequenceLength / 2   // a TLM pair fits the encoder's positions

func evaluate(_ model: XLMRobertaMaskedLM) -> (accuracy: Double, retrieval: [String: Double]) {
    let evaluator = TextPretrainingEvaluator(model: model, tokenizer: tokenizer, maxLength: maxLength)
    let accuracy = evaluator.maskedTokenAccuracy(evaluationSentences).accuracy
    var retrieval: [String: Double] = [:]
    for language in retrievalLanguages { retrieval[language] = evaluator.retrievalAtOne(retrievalSets[language]!) }
    return (accuracy, retrieval)
}

func row(_ name: String, _ result: (accuracy: Double, retrieval: [String: Double]), _ extra: String = "") -> String {
    "| \(name) | " + String(format: "%.3f", result.accuracy) + " | "
        + retrievalLanguages.map { String(format: "%.3f", result.retrieval[$0]!) }.joined(separator: " | ") + " | \(extra) |"
}

say("| model | masked-token accuracy | R@1 en→deu | en→fra | en→spa | en→zho | run |")
say("|---|---|---|---|---|---|---|")
let start = evaluate(XLMRobertaMaskedLM(config: preset.text, seed: 1))
say(row("random start (both runs)", start))
for objectives in [[TextPretrainingObjective.mlm], [.mlm, .tlm]] {
    let model = XLMRobertaMaskedLM(config: preset.text, seed: 1)
    var settings = TextPretrainingSettings()
    settings.objectives = objectives
    settings.minutes = minutes
    settings.maxLength = maxLength
    let trainer = try TextPretrainer(model: model, tokenizer: tokenizer, corpus: training, settings: settings)
    let result = try trainer.run { step, loss, seconds in
        if step % 200 == 0 { FileHandle.standardError.write(Data("  \(objectives.map(\.rawValue)) step \(step) loss \(String(format: "%.3f", loss)) \(Int(seconds)) s\n".utf8)) }
    }
    let name = objectives.map { $0.rawValue.uppercased() }.joined(separator: "+")
    let last = result.lossCurve.last?[1] ?? 0
    say(row("\(name), \(String(format: "%.0f", minutes)) CPU min", evaluate(model),
            "\(result.steps) steps, \(result.sequences.map { "\($0.value) \($0.key)" }.sorted().joined(separator: ", ")), last loss \(String(format: "%.3f", last))"))
    if let saveFolder {
        let url = URL(fileURLWithPath: saveFolder).appendingPathComponent(name.lowercased().replacingOccurrences(of: "+", with: "-"))
        // An HF MLM folder: `m3clip train --text-from` starts from it.
        try TextEncoderCheckpoint(model: model, tokenizer: tokenizer).save(to: url)
    }
}
