/// Which contrastive loss a run minimises.
public enum TrainingObjective: String, Sendable, Codable, CaseIterable {
    /// MedCLIP's semantic matching over label similarities (the default; 3M-CLIP's choice).
    case semanticMatching = "semantic"
    /// CLIP's InfoNCE over true pairs only (for comparison).
    case infoNCE = "infonce"
}
