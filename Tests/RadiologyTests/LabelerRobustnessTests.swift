import Testing
@testable import Radiology

@Suite struct LabelerRobustnessTests {
    let labeler = try! Labeler()

    /// One `Labeler` is shared by concurrent tasks and gives the same labels as serial use.
    @Test func concurrentUseMatchesSerial() async {
        let reports = Array(repeating: CheXpertSamples.reports, count: 25).flatMap { $0 }
        let shared = labeler
        let serial = reports.map { shared.labelAggregate($0) }
        let concurrent = await withTaskGroup(of: (Int, ObservationLabels).self) { group in
            for (index, report) in reports.enumerated() { group.addTask { (index, shared.labelAggregate(report)) } }
            var results = Array(repeating: ObservationLabels(), count: reports.count)
            for await (index, labels) in group { results[index] = labels }
            return results
        }
        #expect(concurrent == serial)
    }

    /// Odd input never crashes: punctuation runs, lone markers, control bytes, non-ASCII, long text.
    @Test(arguments: ["...", "1.", "1. 2. 3.", "(", ")", "?", "no", "no no no", "No.", "-- * --", "\u{0}\u{7}\t\r\n",
                      "Épanchement pleural? 肺炎", String(repeating: "no effusion or ", count: 2_000) + "pneumothorax",
                      String(repeating: "a", count: 10_000), "XXXX. XXXX.XXXX", "2.5.3.1 cm", "e.g.", "''' can't '"])
    func oddInputDoesNotCrash(_ text: String) {
        let report = labeler.labelReport(text)
        #expect(report.aggregate == labeler.labelAggregate(text))
    }

    @Test func randomBytesDoNotCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz .,;:()?!-/0123456789\n XXXX no effusion may ".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = labeler.labelReport(String(decoding: bytes, as: UTF8.self))
        }
    }
}
