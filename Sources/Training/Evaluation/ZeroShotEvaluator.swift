import Models
import Tensors

/// MedCLIP's zero-shot classification protocol (DESIGN.md §4): every image is scored against each
/// class's prompt ensemble, and the prediction is the class with the highest score.
///
/// A class's score for an image is the mean over that class's prompts (all chosen languages
/// pooled) of the logits `scale · v̂·t̂`, as MedCLIP averages its prompt logits. The mean of dot
/// products is the dot product with the mean, so the scores are computed as one matrix product
/// with a `[d, classes]` matrix of scaled mean prompt embeddings. Each language is also scored on
/// its own prompts alone, for the per-language accuracies.
public struct ZeroShotEvaluator: Sendable {
    /// The prompts.
    public let ensemble: PromptEnsemble
    /// The languages whose prompts are used, pooled (each is also reported on its own).
    public let languages: [String]
    /// At most this many prompts per class and language (``PromptEnsemble/prompts(for:language:limit:)``);
    /// nil uses every prompt.
    public let promptLimit: Int?

    /// - Parameters:
    ///   - languages: languages of `ensemble` to use; nil uses all of them. Each must be one of
    ///     `ensemble.languages`.
    ///   - promptLimit: at most this many prompts per class and language; nil uses all.
    public init(ensemble: PromptEnsemble, languages: [String]? = nil, promptLimit: Int? = nil) {
        let chosen = languages ?? ensemble.languages
        precondition(!chosen.isEmpty, "ZeroShotEvaluator: no languages chosen")
        for language in chosen {
            precondition(ensemble.languages.contains(language),
                         "ZeroShotEvaluator: the ensemble has no prompts in \(language) (it has \(ensemble.languages))")
        }
        precondition(promptLimit.map { $0 > 0 } ?? true, "ZeroShotEvaluator: promptLimit must be positive")
        self.ensemble = ensemble
        self.languages = chosen
        self.promptLimit = promptLimit
    }

    /// Classifies `images` (grey squares already at the encoder's input size, each with its true
    /// class index into ``PromptEnsemble/classNames``) and reports accuracy, per-class accuracy,
    /// the confusion matrix and per-language accuracy.
    public func evaluate(_ embedder: Embedder, images: [(square: [Float], classIndex: Int)]) -> ZeroShotResult {
        let classCount = ensemble.classes.count
        for (position, image) in images.enumerated() {
            precondition((0..<classCount).contains(image.classIndex),
                         "ZeroShotEvaluator: image \(position) has class index \(image.classIndex), outside 0..<\(classCount)")
        }
        var texts: [String] = [], promptClasses: [Int] = [], promptLanguages: [String] = []
        for language in languages {
            for (classIndex, className) in ensemble.classes.enumerated() {
                let prompts = ensemble.prompts(for: className, language: language, limit: promptLimit)
                texts += prompts
                promptClasses += Array(repeating: classIndex, count: prompts.count)
                promptLanguages += Array(repeating: language, count: prompts.count)
            }
        }
        let truths = images.map(\.classIndex)
        guard !images.isEmpty else {
            return ZeroShotResult(classNames: ensemble.classes, truths: [], predictions: [], languagePredictions: [:],
                                  promptCount: texts.count)
        }
        let promptEmbeddings = embedder.embed(texts: texts)
        let imageEmbeddings = embedder.embed(squares: images.map(\.square))
        let scale = embedder.model.scale().item

        let predictions = Self.classify(imageEmbeddings: imageEmbeddings, promptEmbeddings: promptEmbeddings,
                                        promptClasses: promptClasses, classCount: classCount, scale: scale)
        var languagePredictions: [String: [Int]] = [:]
        for language in languages {
            let classes = zip(promptClasses, promptLanguages).map { $1 == language ? $0 : -1 }
            languagePredictions[language] = Self.classify(imageEmbeddings: imageEmbeddings, promptEmbeddings: promptEmbeddings,
                                                          promptClasses: classes, classCount: classCount, scale: scale)
        }
        return ZeroShotResult(classNames: ensemble.classes, truths: truths, predictions: predictions,
                              languagePredictions: languagePredictions, promptCount: texts.count,
                              linearProbeAccuracy: LinearProbe().crossValidatedAccuracy(features: imageEmbeddings, classes: truths, classCount: classCount),
                              imageMeanCosine: Self.meanPairwiseCosine(imageEmbeddings))
    }

    /// The mean cosine similarity over pairs of different rows of `[n, d]` L2-normalised
    /// embeddings: (|Σᵢ vᵢ|² − n) / (n(n − 1)); nil for fewer than two rows.
    static func meanPairwiseCosine(_ embeddings: Tensor) -> Double? {
        let n = embeddings.shape[0]
        guard n >= 2 else { return nil }
        let total = sum(embeddings, axes: [0])
        return (Double(sum(total * total).item) - Double(n)) / Double(n * (n - 1))
    }

    /// The predicted class of each image: the argmax over classes of ``classScores(imageEmbeddings:promptEmbeddings:promptClasses:classCount:scale:)``
    /// (the lowest class index on a tie).
    static func classify(imageEmbeddings: Tensor, promptEmbeddings: Tensor, promptClasses: [Int], classCount: Int,
                         scale: Float) -> [Int] {
        let scores = classScores(imageEmbeddings: imageEmbeddings, promptEmbeddings: promptEmbeddings,
                                 promptClasses: promptClasses, classCount: classCount, scale: scale).scalars
        return (0..<imageEmbeddings.shape[0]).map { row in
            var best = 0
            for column in 1..<classCount where scores[row * classCount + column] > scores[row * classCount + best] {
                best = column
            }
            return best
        }
    }

    /// `[images, classCount]`: entry (i, c) is the mean over the prompts p with `promptClasses[p]
    /// == c` of `scale · image_i · prompt_p`. A prompt whose class is −1 is left out. Embeddings
    /// are `[n, d]` and `[prompts, d]`; every class needs at least one prompt.
    static func classScores(imageEmbeddings: Tensor, promptEmbeddings: Tensor, promptClasses: [Int], classCount: Int,
                            scale: Float) -> Tensor {
        precondition(imageEmbeddings.rank == 2 && promptEmbeddings.rank == 2 && imageEmbeddings.shape[1] == promptEmbeddings.shape[1],
                     "ZeroShotEvaluator.classScores: embeddings \(imageEmbeddings.shape) and \(promptEmbeddings.shape) must be [n, d] and [p, d]")
        precondition(promptClasses.count == promptEmbeddings.shape[0],
                     "ZeroShotEvaluator.classScores: \(promptClasses.count) prompt classes for \(promptEmbeddings.shape[0]) prompts")
        var counts = [Int](repeating: 0, count: classCount)
        for c in promptClasses where c >= 0 {
            precondition(c < classCount, "ZeroShotEvaluator.classScores: prompt class \(c) outside 0..<\(classCount)")
            counts[c] += 1
        }
        precondition(!counts.contains(0), "ZeroShotEvaluator.classScores: a class has no prompts (prompts per class: \(counts))")
        // pooling[p, c] = scale / |prompts of c| for p in c: promptsᵀ·pooling is [d, classes], the
        // scaled class-mean prompt embeddings.
        var pooling = [Float](repeating: 0, count: promptClasses.count * classCount)
        for (p, c) in promptClasses.enumerated() where c >= 0 {
            pooling[p * classCount + c] = scale / Float(counts[c])
        }
        let classMeans = matmul(promptEmbeddings, Tensor(shape: [promptClasses.count, classCount], values: pooling), transposeA: true)
        return matmul(imageEmbeddings, classMeans)
    }
}
