/// The study facts an image carries that m3clip keeps: the keys that join it to its reports
/// (Study Instance UID, Accession Number) and the acquisition tags stored per image. Patient name,
/// id, birth date and other identifying tags are never read.
public struct DICOMImageAttributes: Sendable, Equatable {
    public var studyInstanceUID: String?
    public var accessionNumber: String?
    public var modality: String?
    public var bodyPart: String?
    /// View Position (0018,5101): `PA`, `AP`, `LL`, …
    public var viewPosition: String?
    /// Study Date (0008,0020), `YYYYMMDD` as stored.
    public var studyDate: String?
    public var manufacturer: String?

    public init(_ dataSet: DICOMDataSet) {
        studyInstanceUID = dataSet.string(.studyInstanceUID)
        accessionNumber = dataSet.string(.accessionNumber)
        modality = dataSet.string(.modality)
        bodyPart = dataSet.string(.bodyPartExamined)
        viewPosition = dataSet.string(.viewPosition)?.uppercased()
        studyDate = dataSet.string(.studyDate)
        manufacturer = dataSet.string(.manufacturer)
    }

    /// The study key: the Study Instance UID, else the Accession Number.
    public var studyKey: String? { studyInstanceUID ?? accessionNumber }

    /// The view in m3clip's words (`PA`, `AP`, `LATERAL`).
    public var view: String? {
        switch viewPosition {
        case "PA", "AP": viewPosition
        case "LL", "RL", "LATERAL", "LAT", "LLD", "RLD": "LATERAL"
        default: nil
        }
    }

    /// The acquisition tags stored with the image, by name (absent tags left out).
    public var stored: [String: String] {
        var tags: [String: String] = [:]
        tags["modality"] = modality
        tags["body_part"] = bodyPart
        tags["view_position"] = viewPosition
        tags["study_date"] = studyDate
        tags["manufacturer"] = manufacturer
        return tags
    }
}
