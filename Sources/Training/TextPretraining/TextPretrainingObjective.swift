/// The objectives medical text pre-training can run (XLM, Lample & Conneau 2019).
public enum TextPretrainingObjective: String, Sendable, Codable, CaseIterable {
    /// Masked language modelling on single sentences.
    case mlm
    /// Translation language modelling on a sentence and its translation, masked on both sides.
    case tlm
}
