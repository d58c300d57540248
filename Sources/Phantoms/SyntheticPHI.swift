import Foundation
public import Radiology

/// Fake protected health information inserted into phantom reports, so that de-identification is
/// tested end to end on text that looks like a hospital's: a header (patient name, MRN, date of
/// birth, accession, exam date and time, referring physician, facility) and a footer (results
/// discussed with a physician by phone at a time on a date, dictation and signature lines), with
/// now and then an age over 89, an address, an e-mail or a PACS link. Every value is invented
/// (names from fixed lists, numbers from the seed) and returned, so a test can check that none of
/// them survives.
public struct SyntheticPHI: Sendable, Codable, Equatable {
    /// One inserted identifier: its kind (`name`, `date`, `id`, …) and its exact text.
    public struct Identifier: Sendable, Codable, Equatable, Hashable {
        public var kind: String
        public var text: String
    }

    public var identifiers: [Identifier] = []

    static let firstNames = ["Anna", "John", "Maria", "Wei", "Fatima", "Lukas", "Sofia", "Kwame", "Elena", "Hiroshi", "Amira", "Pedro",
                             "Ingrid", "Rahul", "Chloé", "Tomasz", "Aisha", "Mateo", "Yuki", "Oluwaseun", "Greta", "Dmitri", "Leila", "Samuel"]
    static let lastNames = ["Keller", "Okafor", "Nguyen", "Schmidt", "Haddad", "Rossi", "Kowalski", "Fernández", "Tanaka", "Andersson",
                            "Mbeki", "O'Brien", "Dubois", "Petrov", "Kaur", "Novak", "Larsen", "Moreau", "Yilmaz", "Castillo",
                            "Whitfield", "Brennan", "Lindqvist", "Abernathy"]
    static let places = ["Mercy", "Riverside", "Saint Luke's", "Lakeview", "Northgate", "Hillcrest", "Bayside", "Elmwood"]
    static let facilities = ["General Hospital", "Medical Center", "Hospital", "Clinic", "Community Hospital"]
    static let streets = ["Oak", "Maple", "Cedar", "Harbor", "Mill", "Sunset", "Church", "Lincoln"]
    static let streetKinds = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard"]
    static let months = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"]

    /// `report` with a header and footer of invented identifiers; the same seed gives the same text.
    public static func insert(into report: String, seed: UInt64, language: LanguageCode) -> (text: String, phi: SyntheticPHI) {
        var random = RandomSource(seed: seed, stream: "phi")
        var phi = SyntheticPHI()
        func add(_ kind: String, _ text: String) -> String {
            phi.identifiers.append(Identifier(kind: kind, text: text))
            return text
        }
        func person() -> (first: String, last: String) { (random.pick(firstNames), random.pick(lastNames)) }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func digits(_ count: Int) -> String { (0..<count).map { _ in String(random.int(0...9)) }.joined() }
        func numericDate() -> String {
            let (year, month, day) = (random.int(1990...2025), random.int(1...12), random.int(1...28))
            switch random.int(0...2) {
            case 0: return "\(two(month))/\(two(day))/\(year)"
            case 1: return "\(year)-\(two(month))-\(two(day))"
            default: return "\(two(day)).\(two(month)).\(year)"
            }
        }
        func wordDate() -> String {
            random.chance(0.5) ? "\(random.pick(months)) \(random.int(1...28)), \(random.int(1990...2025))"
                : "\(random.int(1...28)) \(random.pick(months)) \(random.int(1990...2025))"
        }
        func time() -> String { "\(two(random.int(0...23))):\(two(random.int(0...59)))" }

        let patient = person()
        var header = ["Patient: \(add("name", "\(patient.first) \(patient.last)"))", "MRN: \(add("id", digits(8)))"]
        if random.chance(0.7) { header.append("DOB: \(add("date", numericDate()))") }
        if random.chance(0.7) { header.append("Accession: \(add("id", "A\(digits(7))"))") }
        header.append("Exam date: \(add("date", random.chance(0.5) ? wordDate() : numericDate())) \(add("time", time()))")
        if random.chance(0.6) {
            let doctor = person()
            header.append("Referring physician: Dr. \(add("name", "\(doctor.first) \(doctor.last)"))")
        }
        if random.chance(0.5) { header.append("Facility: \(add("facility", "\(random.pick(places)) \(random.pick(facilities))"))") }
        if random.chance(0.2) {
            header.append("Address: \(add("address", "\(random.int(1...9999)) \(random.pick(streets)) \(random.pick(streetKinds))"))")
        }
        if random.chance(0.15) { header.append("HISTORY: \(add("age", String(random.int(90...104))))-year-old with cough.") }

        var footer: [String] = []
        let reader = person()
        let german = language.rawValue == "deu_Latn"
        if random.chance(0.6) {
            let clinician = person()
            let phone = "\(digits(3))-\(digits(3))-\(digits(4))"
            footer.append(german
                ? "Befund besprochen mit Dr. \(add("name", clinician.last)) am \(add("date", numericDate())) um \(add("time", time())) Uhr, Telefon \(add("phone", phone))."
                : "Findings discussed with Dr. \(add("name", clinician.last)) by telephone at \(add("time", time())) on \(add("date", numericDate())), phone \(add("phone", phone)).")
        }
        footer.append(german ? "Diktiert von: Dr. \(add("name", "\(reader.first) \(reader.last)"))"
                             : "Dictated by: Dr. \(add("name", "\(reader.first) \(reader.last)"))")
        footer.append("Electronically signed by: \(add("name", "\(reader.first) \(reader.last)")), MD on \(add("date", numericDate()))")
        if random.chance(0.15) {
            footer.append("Questions: \(add("email", "\(reader.first.lowercased()).\(reader.last.lowercased().filter(\.isLetter))@\(random.pick(places).lowercased().filter(\.isLetter)).org"))")
        }
        if random.chance(0.15) { footer.append("Images: \(add("url", "https://pacs.\(random.pick(places).lowercased().filter(\.isLetter)).org/study/\(digits(6))"))") }
        return (header.joined(separator: "\n") + "\n" + report.trimmingCharacters(in: .newlines) + "\n" + footer.joined(separator: "\n") + "\n", phi)
    }
}
