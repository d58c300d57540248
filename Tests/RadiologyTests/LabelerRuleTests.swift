import Testing
@testable import Radiology

/// One labeling rule case: a sentence and the states it must give (observations not listed must
/// be not mentioned).
struct RuleCase: CustomStringConvertible, Sendable {
    var text: String
    var expected: [Observation: LabelState]
    var description: String { text }

    init(_ text: String, _ expected: [Observation: LabelState] = [:]) {
        self.text = text
        self.expected = expected
    }
}

/// Table-driven tests, one group per construction (STYLE.md §4).
@Suite struct LabelerRuleTests {
    static let labeler = try! Labeler()

    static let mentions: [RuleCase] = [
        RuleCase("Left pleural effusion.", [.pleuralEffusion: .positive]),
        RuleCase("Bibasilar atelectatic changes.", [.atelectasis: .positive]),              // stem atelecta*
        RuleCase("Small right pneumothoraces.", [.pneumothorax: .positive]),
        RuleCase("The cardiac silhouette is enlarged.", [.cardiomegaly: .positive]),       // anatomy + abnormality
        RuleCase("Enlarged heart.", [.cardiomegaly: .positive]),
        RuleCase("Widened mediastinum.", [.enlargedCardiomediastinum: .positive]),
        RuleCase("Right upper lobe nodule.", [.lungLesion: .positive]),
        RuleCase("Right lower lobe infiltrate.", [.lungOpacity: .positive]),
        RuleCase("Pulmonary edema.", [.edema: .positive]),
        RuleCase("Right lower lobe consolidation.", [.consolidation: .positive]),
        RuleCase("Right lower lobe pneumonia.", [.pneumonia: .positive]),
        RuleCase("Apical pleural thickening.", [.pleuralOther: .positive]),
        RuleCase("Healed left rib fractures.", [.fracture: .positive]),
        RuleCase("Endotracheal tube tip 4 cm above the carina.", [.supportDevices: .positive]),
        RuleCase("Blunting of the costophrenic angles.", [.pleuralEffusion: .positive]),
    ]

    static let unmentions: [RuleCase] = [
        RuleCase("Small pericardial effusion."),                          // not a pleural effusion
        RuleCase("Calcified nodule in the right lung."),                  // an old granuloma
        RuleCase("Calcified granuloma."),
        RuleCase("Leads project over the heart."),                        // says nothing of its size
        RuleCase("The heart size is stable."),                            // anatomy without a qualifier
        RuleCase("Residuals of prior granulomatous infection."),          // not pneumonia
        RuleCase("Soft tissue edema of the chest wall."),
    ]

    static let negations: [RuleCase] = [
        RuleCase("No pleural effusion.", [.pleuralEffusion: .negative]),
        RuleCase("Cardiomegaly without overt edema.", [.cardiomegaly: .positive, .edema: .negative]),
        RuleCase("Negative for pneumothorax.", [.pneumothorax: .negative]),
        RuleCase("The lungs are free of focal consolidation.", [.consolidation: .negative]),
        RuleCase("Lungs are clear of infiltrate.", [.lungOpacity: .negative]),
        RuleCase("The pneumothorax has resolved.", [.pneumothorax: .negative]),
        RuleCase("Resolved interstitial edema.", [.edema: .negative]),
        RuleCase("The chest tube has been removed.", [.supportDevices: .negative]),
        RuleCase("Heart size is normal.", [.cardiomegaly: .negative]),
        RuleCase("Normal heart size.", [.cardiomegaly: .negative]),
        RuleCase("The cardiomediastinal silhouette is unremarkable.", [.enlargedCardiomediastinum: .negative]),
        RuleCase("Heart size within normal limits.", [.cardiomegaly: .negative]),
        RuleCase("The heart is not enlarged.", [.cardiomegaly: .negative]),
        RuleCase("Effusion is no longer seen.", [.pleuralEffusion: .negative]),
        RuleCase("No evidence of pneumothorax.", [.pneumothorax: .negative]),
        RuleCase("Pneumothorax is not seen.", [.pneumothorax: .negative]),
        RuleCase("Costophrenic angles are sharp.", [.pleuralEffusion: .negative]),
        // Lists keep the negation over commas and "or".
        RuleCase("No focal consolidation, pleural effusion, pneumothorax, or pulmonary edema.",
                 [.consolidation: .negative, .pleuralEffusion: .negative, .pneumothorax: .negative, .edema: .negative]),
        RuleCase("No pleural effusion or pneumothorax is identified.", [.pleuralEffusion: .negative, .pneumothorax: .negative]),
        RuleCase("Pneumothorax and effusion have resolved.", [.pneumothorax: .negative, .pleuralEffusion: .negative]),
        // "no ... to suggest" negates on.
        RuleCase("No focal opacity to suggest pneumonia.", [.pneumonia: .negative]),
        // Pseudo-triggers negate nothing.
        RuleCase("No change in the small left pleural effusion.", [.pleuralEffusion: .positive]),
        RuleCase("Cardiomegaly, not significantly changed.", [.cardiomegaly: .positive]),
        RuleCase("Heart size is at the upper limits of normal.", [.cardiomegaly: .negative]),
    ]

    static let uncertainty: [RuleCase] = [
        RuleCase("Possible left lower lobe pneumonia.", [.pneumonia: .uncertain]),
        RuleCase("Opacity may reflect atelectasis.", [.atelectasis: .uncertain]),
        RuleCase("Findings suspicious for pneumonia.", [.pneumonia: .uncertain]),
        RuleCase("Concern for pneumonia.", [.pneumonia: .uncertain]),
        RuleCase("Likely atelectasis.", [.atelectasis: .uncertain]),
        RuleCase("Questionable small nodule.", [.lungLesion: .uncertain]),
        RuleCase("Findings suggestive of edema.", [.edema: .uncertain]),
        RuleCase("Atelectasis versus pneumonia.", [.atelectasis: .uncertain, .pneumonia: .uncertain]),
        RuleCase("Scarring or atelectasis.", [.atelectasis: .uncertain]),                           // "X or Y"
        RuleCase("Atelectasis or consolidation.", [.atelectasis: .uncertain, .consolidation: .uncertain]),
        RuleCase("Borderline cardiomegaly.", [.cardiomegaly: .uncertain]),
        RuleCase("The heart is borderline enlarged.", [.cardiomegaly: .uncertain]),
        RuleCase("The heart may be enlarged.", [.cardiomegaly: .uncertain]),                       // via the qualifier
        RuleCase("Pneumonia?", [.pneumonia: .uncertain]),
        RuleCase("Nondisplaced rib fractures may not be visible.", [.fracture: .uncertain]),
        RuleCase("Small effusion could represent thickening.", [.pleuralEffusion: .positive]),     // forward only
    ]

    /// Uncertainty that looks like negation wins over it.
    static let preNegationUncertainty: [RuleCase] = [
        RuleCase("Cannot exclude pneumonia.", [.pneumonia: .uncertain]),
        RuleCase("Pneumonia cannot be excluded.", [.pneumonia: .uncertain]),
        RuleCase("Small effusion is not excluded.", [.pleuralEffusion: .uncertain]),
        RuleCase("Cannot rule out a small pneumothorax.", [.pneumothorax: .uncertain]),
        RuleCase("No new consolidation.", [.consolidation: .uncertain]),
        RuleCase("Infiltrate is less likely but not entirely excluded.", [.lungOpacity: .uncertain]),
    ]

    /// Scopes end at clause boundaries.
    static let scopes: [RuleCase] = [
        RuleCase("No effusion, but small pneumothorax.", [.pleuralEffusion: .negative, .pneumothorax: .positive]),
        RuleCase("No effusion; small pneumothorax.", [.pleuralEffusion: .negative, .pneumothorax: .positive]),
        RuleCase("No pneumothorax, however there is a small effusion.", [.pneumothorax: .negative, .pleuralEffusion: .positive]),
        RuleCase("No pneumothorax although atelectasis persists.", [.pneumothorax: .negative, .atelectasis: .positive]),
        RuleCase("No effusion and the heart is enlarged.", [.pleuralEffusion: .negative, .cardiomegaly: .positive]),
        RuleCase("No effusion, there is cardiomegaly.", [.pleuralEffusion: .negative, .cardiomegaly: .positive]),
        RuleCase("Normal heart size with small bilateral effusions.", [.cardiomegaly: .negative, .pleuralEffusion: .positive]),
        RuleCase("Cardiomegaly and lungs are clear.", [.cardiomegaly: .positive]),
        RuleCase("Heart size normal and lungs are clear.", [.cardiomegaly: .negative]),
        RuleCase("No pneumothorax. Small effusion.", [.pneumothorax: .negative, .pleuralEffusion: .positive]),
        RuleCase("Possible small effusion, no pneumothorax.", [.pleuralEffusion: .uncertain, .pneumothorax: .negative]),
        RuleCase("Opacity, likely atelectasis, with small effusion.", [.atelectasis: .uncertain, .pleuralEffusion: .positive]),
        RuleCase("Pneumonia which has resolved.", [.pneumonia: .positive]),
        // "normal" is an adjective: it qualifies the next few words only.
        RuleCase("Normal cardiomediastinal silhouette and small left pleural effusion.",
                 [.enlargedCardiomediastinum: .negative, .pleuralEffusion: .positive]),
        RuleCase("Normal cardiac and mediastinal contours.", [.cardiomegaly: .negative, .enlargedCardiomediastinum: .negative]),
    ]

    @Test(arguments: mentions) func mention(_ c: RuleCase) { check(c) }
    @Test(arguments: unmentions) func unmention(_ c: RuleCase) { check(c) }
    @Test(arguments: negations) func negation(_ c: RuleCase) { check(c) }
    @Test(arguments: uncertainty) func uncertain(_ c: RuleCase) { check(c) }
    @Test(arguments: preNegationUncertainty) func preNegation(_ c: RuleCase) { check(c) }
    @Test(arguments: scopes) func scope(_ c: RuleCase) { check(c) }

    private func check(_ c: RuleCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let labels = LabelerRuleTests.labeler.labelReport(c.text).aggregate
        for observation in Observation.findings {
            #expect(labels[observation] == c.expected[observation] ?? .notMentioned,
                    "\(observation.rawValue) in \"\(c.text)\" → \(labels)", sourceLocation: sourceLocation)
        }
    }
}
