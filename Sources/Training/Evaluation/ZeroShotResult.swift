import Foundation

/// What ``ZeroShotEvaluator`` measured: overall and per-class accuracy, the confusion matrix, and
/// the accuracy with each language's prompts alone.
public struct ZeroShotResult: Codable, Sendable, Equatable {
    /// The class names, in class-index order (rows and columns of ``confusion``).
    public let classNames: [String]
    /// The number of images classified.
    public let count: Int
    /// The share of images whose predicted class is their true class (0 when ``count`` is 0).
    public let accuracy: Double
    /// Per class name: the share of that class's images predicted correctly (recall). Classes
    /// with no images are left out.
    public let classAccuracy: [String: Double]
    /// `confusion[t][p]`: how many images of true class t were predicted as class p.
    public let confusion: [[Int]]
    /// Per language: the accuracy when only that language's prompts are used.
    public let languageAccuracy: [String: Double]
    /// The number of prompts embedded (all languages together).
    public let promptCount: Int
    /// ``LinearProbe``'s cross-validated accuracy on the same images' embeddings: what the image
    /// tower separates, with no text involved (nil when the set is too small to hold out).
    public let linearProbeAccuracy: Double?
    /// The mean cosine similarity between the embeddings of two different images of the set: near
    /// 1, the image tower maps every radiograph to nearly the same vector (collapsed).
    public let imageMeanCosine: Double?

    /// Tallies predictions against the true classes; `languagePredictions` holds each language's
    /// own predictions for the same images.
    init(classNames: [String], truths: [Int], predictions: [Int], languagePredictions: [String: [Int]], promptCount: Int,
         linearProbeAccuracy: Double? = nil, imageMeanCosine: Double? = nil) {
        precondition(truths.count == predictions.count, "ZeroShotResult: \(truths.count) truths for \(predictions.count) predictions")
        let classCount = classNames.count
        var confusion = Array(repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (truth, prediction) in zip(truths, predictions) { confusion[truth][prediction] += 1 }
        var classAccuracy: [String: Double] = [:]
        for (index, name) in classNames.enumerated() {
            let total = confusion[index].reduce(0, +)
            if total > 0 { classAccuracy[name] = Double(confusion[index][index]) / Double(total) }
        }
        self.classNames = classNames
        self.count = truths.count
        self.accuracy = Self.accuracy(truths, predictions)
        self.classAccuracy = classAccuracy
        self.confusion = confusion
        self.languageAccuracy = languagePredictions.mapValues { Self.accuracy(truths, $0) }
        self.promptCount = promptCount
        self.linearProbeAccuracy = linearProbeAccuracy
        self.imageMeanCosine = imageMeanCosine
    }

    /// Flat metric names for the training record and ``EvalGate``: `zero_shot.accuracy`,
    /// `zero_shot.accuracy.<language>` and `zero_shot.class_accuracy.<class>` (class name in
    /// snake case, e.g. `pleural_effusion`), and the diagnostics `zero_shot.linear_probe_accuracy`
    /// and `zero_shot.image_mean_cosine` (not gated). Empty when no image was classified.
    public var metrics: [String: Double] {
        guard count > 0 else { return [:] }
        var metrics = ["zero_shot.accuracy": accuracy]
        if let linearProbeAccuracy { metrics["zero_shot.linear_probe_accuracy"] = linearProbeAccuracy }
        if let imageMeanCosine { metrics["zero_shot.image_mean_cosine"] = imageMeanCosine }
        for (language, value) in languageAccuracy { metrics["zero_shot.accuracy.\(language)"] = value }
        for (name, value) in classAccuracy {
            metrics["zero_shot.class_accuracy.\(name.lowercased().replacingOccurrences(of: " ", with: "_"))"] = value
        }
        return metrics
    }

    /// A plain-text report for terminals: the headline accuracy, the confusion matrix with each
    /// class's accuracy, and the per-language accuracies.
    public var formattedTable: String {
        let languages = languageAccuracy.keys.sorted()
        var lines = ["Zero-shot classification: \(count) images, \(classNames.count) classes, \(promptCount) prompts in \(languages.joined(separator: ", "))",
                     "accuracy \(Self.decimal(accuracy))", ""]
        let firstWidth = max("true \\ predicted".count, classNames.map(\.count).max() ?? 0)
        let widths = classNames.map { max($0.count, 5) }
        lines.append(Self.left("true \\ predicted", firstWidth) + zip(classNames, widths).map { "  " + Self.right($0, $1) }.joined()
                     + "  accuracy")
        for (row, name) in classNames.enumerated() {
            let cells = zip(confusion[row], widths).map { "  " + Self.right(String($0), $1) }.joined()
            lines.append(Self.left(name, firstWidth) + cells + "  " + Self.right(classAccuracy[name].map(Self.decimal) ?? "-", 8))
        }
        if let linearProbeAccuracy {
            lines.append("")
            lines.append("linear probe (image embeddings, \(LinearProbe.defaultFolds)-fold) accuracy \(Self.decimal(linearProbeAccuracy))")
        }
        if let imageMeanCosine { lines.append("mean cosine between two images' embeddings \(Self.decimal(imageMeanCosine))") }
        if !languages.isEmpty {
            lines.append("")
            let languageWidth = max("language".count, languages.map(\.count).max() ?? 0)
            lines.append(Self.left("language", languageWidth) + "  accuracy")
            for language in languages {
                lines.append(Self.left(language, languageWidth) + "  " + Self.right(Self.decimal(languageAccuracy[language] ?? 0), 8))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func accuracy(_ truths: [Int], _ predictions: [Int]) -> Double {
        guard !truths.isEmpty else { return 0 }
        return Double(zip(truths, predictions).count { $0 == $1 }) / Double(truths.count)
    }

    private static func decimal(_ value: Double) -> String { String(format: "%.4f", value) }
    private static func left(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
    private static func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
}
