import Radiology
internal import Foundation

/// Labels from the Open-i collection's MeSH annotations (`Main term/qualifier/…;…`), used to draw
/// a phantom for a real report until the labeler exists. Positives only: MeSH records what was
/// found, not what was ruled out; a `borderline` qualifier makes a finding uncertain.
enum MeSHLabels {
    private static let table: [(String, Finding)] = [
        ("opacity", .lungOpacity), ("density", .lungOpacity), ("airspace disease", .lungOpacity),
        ("infiltrate", .lungOpacity), ("consolidation", .consolidation), ("pneumonia", .pneumonia),
        ("pulmonary atelectasis", .atelectasis), ("atelectasis", .atelectasis), ("volume loss", .atelectasis),
        ("cardiomegaly", .cardiomegaly), ("pleural effusion", .pleuralEffusion), ("pneumothorax", .pneumothorax),
        ("nodule", .lungLesion), ("mass", .lungLesion), ("lung neoplasms", .lungLesion),
        ("pulmonary edema", .edema), ("pulmonary congestion", .edema), ("edema", .edema),
        ("fractures, bone", .fracture), ("catheters, indwelling", .supportDevices),
        ("surgical instruments", .supportDevices), ("implanted medical device", .supportDevices),
        ("tube, inserted", .supportDevices), ("medical device", .supportDevices), ("sutures", .supportDevices),
    ]

    static func labels(mesh: String) -> FindingLabels {
        var labels = FindingLabels()
        for term in mesh.split(separator: ";") {
            let parts = term.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let main = parts.first else { continue }
            let qualifiers = Set(parts.dropFirst())
            var finding = table.first { $0.0 == main }?.1
            if main == "thickening", qualifiers.contains("pleura") { finding = .pleuralOther }
            if main == "costophrenic angle", qualifiers.contains("blunted") { finding = .pleuralEffusion }
            if main == "cardiac shadow", qualifiers.contains("enlarged") { finding = .cardiomegaly }
            if main == "mediastinum", !qualifiers.isDisjoint(with: ["enlarged", "widened"]) { finding = .enlargedCardiomediastinum }
            guard let finding else { continue }
            let state: FindingState = qualifiers.contains("borderline") ? .uncertain : .positive
            if labels[finding] != .positive { labels[finding] = state }
        }
        return labels.normalised()
    }
}
