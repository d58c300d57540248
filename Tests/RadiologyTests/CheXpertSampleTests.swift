import Testing
@testable import Radiology

/// The CheXpert labeler's four sample reports and its published output for them
/// (`sample_reports.csv` / `labeled_reports.csv` from stanfordmlgroup/chexpert-labeler).
/// Copyright (c) 2018 Stanford Machine Learning Group, MIT licence: see
/// LICENSE_MIT_chexpert-labeler.txt next to this file.
enum CheXpertSamples {
    static let reports = [
        "Heart size normal and lungs are clear. No edema or pneumonia. No effusion",
        "1. Left pleural effusion with adjacent atelectasis. Right effusion is also present.\n\n2. Cardiomegaly without overt edema.",
        "Minimal patchy airspace disease within the lingula, may reflect atelectasis or consolidation.",
        "1. Stable mild cardiomegaly. 2. Hyperexpanded but clear lungs.",
    ]

    /// `labeled_reports.csv` without its first column (the report text).
    static let header = "No Finding,Enlarged Cardiomediastinum,Cardiomegaly,Lung Lesion,Lung Opacity,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,Pleural Effusion,Pleural Other,Fracture,Support Devices"
    static let labeledRows = [
        "1.0,,0.0,,,0.0,,0.0,,,0.0,,,",
        ",,1.0,,,0.0,,,1.0,,1.0,,,",
        ",,,,1.0,,-1.0,,-1.0,,,,,",
        ",,1.0,,,,,,,,,,,",
    ]
}

@Suite struct CheXpertSampleTests {
    let labeler = try! Labeler()

    @Test func columnsAreCheXpertsInOrder() {
        #expect(Observation.allCases.map(\.chexpertName).joined(separator: ",") == CheXpertSamples.header)
    }

    @Test(arguments: zip(CheXpertSamples.reports, CheXpertSamples.labeledRows))
    func sampleReportGivesPublishedOutput(report: String, expected: String) {
        let cells = labeler.labelReport(report).aggregate.chexpertCells
        #expect(cells.joined(separator: ",") == expected)
    }
}
