public import Radiology
/// Finding mixes for generated studies.
public enum StudyMix {
    /// Relative frequency of each finding among abnormal studies, shaped like chest X-ray practice
    /// (CheXpert/MIMIC label frequencies, rounded): effusion, opacity, cardiomegaly, atelectasis and
    /// devices are common; pneumothorax and fracture are rare.
    static let prevalence: [(Finding, Double)] = [
        (.pleuralEffusion, 0.2), (.lungOpacity, 0.16), (.cardiomegaly, 0.15), (.atelectasis, 0.14),
        (.supportDevices, 0.12), (.edema, 0.08), (.consolidation, 0.05), (.pneumonia, 0.05),
        (.lungLesion, 0.05), (.enlargedCardiomediastinum, 0.05), (.pneumothorax, 0.03),
        (.pleuralOther, 0.02), (.fracture, 0.02),
    ]

    /// Findings radiologists commonly state as absent in a report.
    static let commonNegatives: [Finding] = [.pneumothorax, .pleuralEffusion, .consolidation, .cardiomegaly, .edema, .pneumonia]

    /// Labels for one study like those of a chest X-ray practice: about 40 % normal; otherwise one
    /// to three findings, each uncertain one time in five; plus two to four of the usual negatives.
    public static func practice(seed: UInt64) -> FindingLabels {
        var random = RandomSource(seed: seed, stream: "mix")
        var labels = FindingLabels()
        if !random.chance(0.4) {
            let count = random.pick(weighted: [(1, 0.55), (2, 0.3), (3, 0.15)])
            var tries = 0
            while labels.findings(.positive).count + labels.findings(.uncertain).count < count, tries < 20 {
                tries += 1
                let finding = random.pick(weighted: prevalence)
                if labels[finding] == .absent { labels[finding] = random.chance(0.2) ? .uncertain : .positive }
            }
        }
        var negatives = commonNegatives.filter { labels[$0] == .absent }
        random.shuffle(&negatives)
        for finding in negatives.prefix(random.int(2...4)) { labels[finding] = .negative }
        return labels.normalised()
    }

    /// The five classes of the CheXpert 5×200 zero-shot protocol, in its order.
    public static let competitionClasses: [Finding] = [.atelectasis, .cardiomegaly, .consolidation, .edema, .pleuralEffusion]
}
