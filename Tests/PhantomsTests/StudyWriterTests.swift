import Foundation
import Phantoms
import Radiology
import Testing

@Suite struct StudyWriterTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phantoms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func practiceStudiesAreInboxReady() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = StudyWriter(directory: dir, width: 64, height: 64)
        let languages = [LanguageCode.english, LanguageCode("deu_Latn")!]
        let keys = try writer.writePracticeStudies(count: 3, seed: 7, languages: languages)
        #expect(keys.count == 3)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(entries == keys.sorted())  // the staging folder is gone
        for (index, key) in keys.enumerated() {
            let study = dir.appendingPathComponent(key)
            let files = try FileManager.default.contentsOfDirectory(atPath: study.path).sorted()
            let language = languages[index % 2].rawValue
            #expect(files == ["image.png", "report.\(language).txt", "truth.json"])
            let truth = try JSONDecoder().decode(PhantomTruth.self, from: Data(contentsOf: study.appendingPathComponent("truth.json")))
            #expect(truth.synthetic)
            #expect(truth.study == key)
            #expect(truth.reportLanguages == [language])
            let report = try String(contentsOf: study.appendingPathComponent("report.\(language).txt"), encoding: .utf8)
            #expect(report.contains("FINDINGS:"))
        }
    }

    @Test func leavesOtherProducersStagingAlone() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent(".incoming/someone-else/report.txt")
        try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("in progress".utf8).write(to: other)
        try StudyWriter(directory: dir, width: 40, height: 40).write(key: "k1", labels: FindingLabels().normalised(), seed: 1,
                                                                      languages: [.english])
        #expect(FileManager.default.fileExists(atPath: other.path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("k1/image.png").path))
        #expect(throws: PhantomError.self) {
            try StudyWriter(directory: dir).write(key: "../x", labels: FindingLabels(), seed: 1, languages: [.english])
        }
    }

    @Test func practiceMixLooksLikePractice() {
        let mixes = (UInt64(0)..<400).map { StudyMix.practice(seed: $0) }
        let normal = mixes.filter { $0[.noFinding] == .positive }.count
        #expect((100...220).contains(normal))
        let count = { (f: Finding) in mixes.filter { $0.isDrawn(f) }.count }
        #expect(count(.pleuralEffusion) > count(.pneumothorax))
        #expect(count(.cardiomegaly) > count(.fracture))
        for mix in mixes where mix.isDrawn(.consolidation) && mix[.consolidation] == .positive {
            #expect(mix[.lungOpacity] == .positive)
        }
    }

    @Test func pairsRealReportsFromCSV() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("reports.csv")
        try Data("""
            uid,MeSH,Problems,image,indication,comparison,findings,impression
            1,normal,normal,Xray,"Cough, fever",None.,"The heart is normal. No ""acute"" disease.",Normal chest.
            2,Cardiomegaly/borderline;Pleural Effusion/right/small,Cardiomegaly;Pleural Effusion,Xray,,,"Borderline heart size.
            Small right effusion.",Effusion.
            3,Opacity,Opacity,Xray,,,,

            """.utf8).write(to: csv)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let keys = try StudyWriter(directory: out, width: 48, height: 48).writePairedStudies(csv: csv, limit: nil, seed: 1)
        #expect(keys == ["openi-1-phantom", "openi-2-phantom"])  // row 3 has no text
        let first = try String(contentsOf: out.appendingPathComponent("openi-1-phantom/report.eng_Latn.txt"), encoding: .utf8)
        #expect(first.contains("INDICATION: Cough, fever"))
        #expect(first.contains("No \"acute\" disease."))
        let second = try JSONDecoder().decode(PhantomTruth.self,
            from: Data(contentsOf: out.appendingPathComponent("openi-2-phantom/truth.json")))
        #expect(second.labels["Cardiomegaly"] == .uncertain)
        #expect(second.labels["Pleural Effusion"] == .positive)
        #expect(second.reportSource?.contains("uid 2") == true)
        let text = try String(contentsOf: out.appendingPathComponent("openi-2-phantom/report.eng_Latn.txt"), encoding: .utf8)
        #expect(text.contains("Borderline heart size.\nSmall right effusion."))
    }

    @Test func eval5xHasExactlyOnePositivePerImage() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try StudyWriter(directory: dir, width: 40, height: 40).writeEval5x(perClass: 2, seed: 3)
        let lines = try String(contentsOf: dir.appendingPathComponent("labels.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.first == "study,image,label,Atelectasis,Cardiomegaly,Consolidation,Edema,Pleural Effusion")
        #expect(lines.count == 11)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            #expect(fields.suffix(5).filter { $0 == "1" }.count == 1)
            let truth = try JSONDecoder().decode(PhantomTruth.self,
                from: Data(contentsOf: dir.appendingPathComponent(String(fields[0])).appendingPathComponent("truth.json")))
            let positives = StudyMix.competitionClasses.filter { truth.labels[$0.rawValue] == .positive }
            #expect(positives.map(\.rawValue) == [String(fields[2])])
        }
    }

    @Test func labelsParseFromTheCommandLineForm() throws {
        let parsed = try FindingLabels(parsing: "Cardiomegaly=1, pleural_effusion=-1,Pneumothorax=0")
        #expect(parsed[.cardiomegaly] == .positive)
        #expect(parsed[.pleuralEffusion] == .uncertain)
        #expect(parsed[.pneumothorax] == .negative)
        #expect(parsed.normalised()[.noFinding] == .absent)
        #expect(FindingLabels().normalised()[.noFinding] == .positive)
        #expect(throws: PhantomError.self) { try FindingLabels(parsing: "Cardiomegally=1") }
        #expect(throws: PhantomError.self) { try FindingLabels(parsing: "Cardiomegaly=2") }
    }
}
