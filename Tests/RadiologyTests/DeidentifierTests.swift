import Testing
@testable import Radiology

@Suite struct DeidentifierTests {
    static let deidentifier = try! Deidentifier(extraNames: ["Okonkwo"], extraFacilities: ["Saint Elsewhere"])

    static func scrub(_ text: String) -> String { deidentifier.scrub(text).text }

    @Test(arguments: [
        ("Dictated by Dr. Anna Keller on 03/12/2024 at 14:32.", "Dictated by Dr. [NAME] on [DATE] at [TIME]."),
        ("Discussed with Dr. Smith at 2:05 pm.", "Discussed with Dr. [NAME] at [TIME]."),
        ("MRN: 48392013. Accession 7741203.", "MRN: [ID]. Accession [ID]."),
        ("MRN:123456", "MRN:[ID]"),
        ("Patient ID # 4471", "Patient ID # [ID]"),
        ("Comparison: March 12, 2023.", "Comparison: [DATE]."),
        ("Compared with the study of 12 Mar 2023 and 2023-01-05.", "Compared with the study of [DATE] and [DATE]."),
        ("Vergleich mit der Voruntersuchung vom 12. März 2023.", "Vergleich mit der Voruntersuchung vom [DATE]."),
        ("A 92-year-old woman. 45-year-old man.", "A [AGE]-year-old woman. 45-year-old man."),
        ("Call 555-201-3321 or fax (555) 201-3322.", "Call [PHONE] or fax [PHONE]."),
        ("Pager: +49 30 1234567.", "Pager: [PHONE]."),
        ("Questions: jane.doe@mercy.org, https://pacs.mercy.org/view", "Questions: [EMAIL], [URL]"),
        ("Workstation 10.1.20.33 exported the images.", "Workstation [IP] exported the images."),
        ("Patient lives at 1200 Oak Ridge Road.", "Patient lives at [ADDRESS]."),
        ("Wohnhaft Hauptstraße 12 in Berlin.", "Wohnhaft [ADDRESS] in Berlin."),
        ("Transferred from Mercy General Hospital yesterday.", "Transferred from [FACILITY] yesterday."),
        ("Seen at Klinikum Nord.", "Seen at [FACILITY]."),
        ("Outside films from Saint Elsewhere.", "Outside films from [FACILITY]."),
        ("Results communicated to Okonkwo.", "Results communicated to [NAME]."),
        ("Electronically signed by: John A. Miller, MD", "Electronically signed by: [NAME], MD"),
        ("Radiologist: Marie Curie", "Radiologist: [NAME]"),
    ])
    func scrubsIdentifiers(input: String, expected: String) {
        #expect(Self.scrub(input) == expected)
    }

    @Test(arguments: [
        "Heart size is normal. No pleural effusion or pneumothorax.",
        "There is a 5 mm nodule in the right upper lobe. Stable 12 mm granuloma.",
        "Calcified granuloma at T12. Degenerative changes of the C5-C6 level.",
        "The patient may have pneumonia. Mild cardiomegaly.",
        "Dose 12000 mGy*cm. Heart rate 72 bpm.",
        "Previous XXXX XXXX dated XXXX shows XXXX.",
        "Left-sided PICC line with tip in the SVC. Impression: No acute disease.",
        "The lungs are clear. Findings were discussed with the referring physician.",
        "Endotracheal tube 4.5 cm above the carina. NG tube in the stomach.",
        "Kein Pneumothorax. Herz normal groß.",
        "Pas d'épanchement pleural. Cœur de taille normale.",
        "In 2019 the study showed a small effusion.",
    ])
    func leavesClinicalTextAlone(text: String) {
        let result = Self.deidentifier.scrub(text)
        #expect(result.text == text && result.total == 0, "\(result)")
    }

    @Test func countsEachKindAndScrubsWholeReports() {
        let result = Self.deidentifier.scrub("Dr. Keller, 03/12/2024, MRN 48392013, Dr. Smith, 04/12/2024.")
        #expect(result.counts == [.name: 2, .date: 2, .id: 1])
        let report = Report(text: "HISTORY: 91 yo man, Dr. Weber.\nFINDINGS: No effusion. Discussed with Dr. Hale on 01/02/2024.", language: .english)
        let scrubbed = Self.deidentifier.scrub(report)
        #expect(scrubbed.counts == [.age: 1, .name: 2, .date: 1])
        #expect(scrubbed.report.imageDescription.contains("Discussed with Dr. [NAME] on [DATE]."))
        #expect(!scrubbed.report.sections.map(\.text).joined().contains("Weber"))
    }
}

@Suite struct DateShifterTests {
    @Test func shiftsDatesInTheirWrittenFormAndKeepsIntervals() throws {
        let deidentifier = try Deidentifier()
        let later = DateShifter(days: 40)
        let text = "Comparison 03/12/2024 and 2024-01-30; Voruntersuchung vom 12.03.24; seen March 12, 2024 and 2 Feb 2023. MRN 48392013."
        let result = deidentifier.scrub(text, shiftingDates: later)
        #expect(result.text == "Comparison 04/21/2024 and 2024-03-10; Voruntersuchung vom 21.04.24; seen April 21, 2024 and 14 March 2023. MRN [ID].")
        #expect(result.counts == [.date: 5, .id: 1])
        // An impossible date cannot be shifted: it is replaced.
        #expect(deidentifier.scrub("on 13/45/2024", shiftingDates: later).text == "on [DATE]")
    }

    @Test func theShiftIsFixedPerStudyAndSecret() {
        let a = DateShifter(key: "study-1", salt: "0123456789abcdef")
        #expect(a == DateShifter(key: "study-1", salt: "0123456789abcdef"))
        #expect((30...365).contains(abs(a.days)))
        let shifts = Set((0..<50).map { DateShifter(key: "study-\($0)", salt: "0123456789abcdef").days })
        #expect(shifts.count > 40 && shifts.contains { $0 < 0 } && shifts.contains { $0 > 0 })
        #expect(DateShifter(key: "study-1", salt: "another-secret-value").days != a.days
                || DateShifter(key: "study-2", salt: "another-secret-value").days != DateShifter(key: "study-2", salt: "0123456789abcdef").days)
    }
}
