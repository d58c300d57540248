import Foundation
import Radiology

/// What a file in a study is, from its name.
enum FileKind: Equatable {
    case textReport(language: LanguageCode?)
    case openIReport
    /// HL7 v2 ORU (`.hl7`, `.oru`; a `.txt` starting with `MSH|` is read as one too).
    case hl7Report
    /// FHIR R4 DiagnosticReport or Bundle (`.json`, other than `truth.json`).
    case fhirReport
    case png
    case jpeg
    /// DICOM Part 10 (`.dcm`, `.dicom`, or any unknown name whose content starts as one does): an
    /// image, or a structured report.
    case dicom
    /// A study's metadata file kept with it (the phantom generator's `truth.json`): stored as a
    /// source file, neither report nor image.
    case sidecar
    case unknown(extension: String)

    /// `report.txt`, `report.deu_Latn.txt` (a declared language), `x.xml`, `x.png`, `x.jpg`, ….
    init(fileName: String) {
        let parts = fileName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let ext = parts.count > 1 ? parts.last!.lowercased() : ""
        switch ext {
        case "txt", "text":
            let language = parts.count > 2 ? LanguageCode(parts[parts.count - 2]) : nil
            self = .textReport(language: language)
        case "xml": self = .openIReport
        case "json" where fileName.lowercased() == "truth.json": self = .sidecar
        case "json": self = .fhirReport
        case "hl7", "oru": self = .hl7Report
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        case "dcm", "dicom": self = .dicom
        default: self = .unknown(extension: ext)
        }
    }

    var isReport: Bool {
        switch self {
        case .textReport, .openIReport, .hl7Report, .fhirReport: true
        default: false
        }
    }
}

/// The radiographic view a file name declares (`…_PA.png`, `lateral.jpg`), if any.
func viewFromFileName(_ name: String) -> String? {
    let stem = (name as NSString).deletingPathExtension.lowercased()
    let words = stem.split(whereSeparator: { !$0.isLetter })
    for word in words.reversed() {
        switch word {
        case "pa": return "PA"
        case "ap": return "AP"
        case "lat", "lateral", "ll", "lll", "rl": return "LATERAL"
        default: continue
        }
    }
    return nil
}
