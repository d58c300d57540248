import Foundation
import Testing

@Suite struct LabelCLITests {
    @Test func labelsACSVInCheXpertFormat() throws {
        let cli = try CLIRunner()
        let input = cli.root.appendingPathComponent("reports.csv")
        try """
            uid,findings,impression
            1,"The heart is enlarged. Small right effusion, no pneumothorax.",Cardiomegaly.
            2,,"No acute cardiopulmonary abnormality."
            3,"Possible left basilar atelectasis.",
            """.write(to: input, atomically: true, encoding: .utf8)
        let output = cli.root.appendingPathComponent("labels.csv")
        let result = try cli.run(["label", "--csv", input.path, "--id-column", "uid", "--text-columns", "findings,impression",
                                  "--out", output.path], withConfig: false)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(header.first == "uid" && header.count == 15 && header.contains("Pleural Effusion"))
        func cell(_ row: Int, _ column: String) -> String {
            let cells = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return cells[header.firstIndex(of: column)!]
        }
        #expect(cell(1, "Cardiomegaly") == "1.0" && cell(1, "Pleural Effusion") == "1.0" && cell(1, "Pneumothorax") == "0.0")
        #expect(cell(2, "No Finding") == "1.0")
        #expect(cell(3, "Atelectasis") == "-1.0" && cell(3, "Edema") == "")
    }

    @Test func labelsReportsFromStandardInput() throws {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["label", "-"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("No pneumothorax or effusion.\nMild pulmonary edema.\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].contains("1.0"))
    }
}
