import Foundation
import Testing
@testable import Radiology

@Suite struct LexiconTests {
    @Test func bundledLexiconLoadsWithEveryObservation() throws {
        let lexicon = try Lexicon.bundled()
        for observation in Observation.findings {
            #expect((lexicon.phraseCounts[observation.fileStem] ?? 0) > 0, "no mentions for \(observation)")
        }
        for kind in TriggerKind.allCases {
            #expect((lexicon.phraseCounts[kind.rawValue] ?? 0) > 0, "no \(kind.rawValue) triggers")
        }
        #expect(!Labeler.version.isEmpty)
    }

    /// Writes a lexicon folder with the given files and loads it.
    private func load(_ files: [String: String]) throws -> Lexicon {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for sub in ["Mentions", "Triggers"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for (path, text) in files { try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        return try Lexicon(folder: folder)
    }

    @Test func customLexiconLabels() throws {
        let lexicon = try load([
            "Mentions/edema.txt": "# comment\nedema   # trailing comment\n",
            "Triggers/negation.txt": "> no\n",
        ])
        let labeler = Labeler(lexicon: lexicon, splitter: SentenceSplitter())
        #expect(labeler.labelReport("No edema.")[.edema] == .negative)
        #expect(labeler.labelReport("Edema.")[.edema] == .positive)
    }

    @Test(arguments: [
        (["Mentions/effusions.txt": "effusion\n"], "not an observation"),
        (["Mentions/no_finding.txt": "normal\n"], "not an observation"),
        (["Triggers/negations.txt": "> no\n"], "not a trigger kind"),
        (["Triggers/negation.txt": "no\n"], "direction"),
        (["Triggers/clause_boundary.txt": "> but\n"], "no direction"),
        (["Mentions/edema.txt": "edema\nEdema\n"], "listed twice"),
        (["Mentions/edema.txt": "edema\n", "Mentions/pneumonia.txt": "edema\n"], "listed twice"),
        (["Mentions/edema.txt": "*\n"], "empty phrase"),
        (["Triggers/negation.txt": "<3 clear\n"], "window"),
    ])
    func rejectsBadLexicons(_ files: [String: String], _ message: String) {
        do {
            _ = try load(files)
            Issue.record("loaded a bad lexicon")
        } catch let error as LexiconError {
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func stemsMatchWordBeginnings() throws {
        let lexicon = try load(["Mentions/atelectasis.txt": "atelecta*\nplate like atelecta*\n"])
        let labeler = Labeler(lexicon: lexicon, splitter: SentenceSplitter())
        #expect(labeler.labelReport("Atelectatic change.")[.atelectasis] == .positive)
        #expect(labeler.labelReport("Plate-like atelectasis.")[.atelectasis] == .positive)
        #expect(labeler.labelReport("Atelect.")[.atelectasis] == .notMentioned)
    }
}

@Suite struct TokenizerTests {
    private func words(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var tokens: [Token] = []
            Tokenizer.tokenize(bytes, into: &tokens)
            return tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[Int($0.start)..<Int($0.end)]), as: UTF8.self) }
        }
    }

    /// Every byte maps to a trie symbol below the symbol count (or to "unknown").
    @Test func symbolTableFitsTheTrie() {
        for symbol in ByteClass.symbol where symbol != ByteClass.unknownSymbol {
            #expect(Int(symbol) < ByteClass.symbolCount)
        }
        #expect(Set(ByteClass.punctuationMarks.utf8.map { ByteClass.symbol[Int($0)] }).count == ByteClass.punctuationMarks.utf8.count)
    }

    @Test func splitsWordsNumbersAndPunctuation() {
        #expect(words("No effusion, 2.5 cm x-ray; can't (XXXX).") ==
                ["No", "effusion", ",", "2.5", "cm", "x", "ray", ";", "can't", "(", "XXXX", ")", "."])
        #expect(words("T12 fracture.1.") == ["T12", "fracture", ".", "1", "."])
        #expect(words("") == [])
        #expect(words("café ünder") == ["café", "ünder"])
    }
}
