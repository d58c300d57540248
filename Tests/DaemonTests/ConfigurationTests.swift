import Foundation
import Radiology
import Testing
@testable import Daemon

@Suite struct TOMLParserTests {
    @Test func parsesTheSubsetTheConfigurationUses() throws {
        let table = try TOMLParser.parse("""
            # comment
            title = "m3clip" # trailing comment
            [inbox]
            path = '../In box'
            settle_seconds = 2.5
            count = 1_000
            on = true
            languages = [
              "eng_Latn", # English
              "deu_Latn",
            ]
            [a.b]
            escaped = "tab\\there \\u00e9"
            """)
        #expect(table["title"] == .string("m3clip"))
        guard case .table(let inbox) = table["inbox"] else { Issue.record("no [inbox]"); return }
        #expect(inbox["path"] == .string("../In box"))
        #expect(inbox["settle_seconds"] == .float(2.5))
        #expect(inbox["count"] == .integer(1000))
        #expect(inbox["on"] == .boolean(true))
        #expect(inbox["languages"] == .array([.string("eng_Latn"), .string("deu_Latn")]))
        #expect(table["a"] == .table(["b": .table(["escaped": .string("tab\there é")])]))
    }

    @Test func reportsErrorsWithTheirLine() throws {
        #expect { try TOMLParser.parse("a = 1\nb = \n") } throws: { ($0 as? TOMLSyntaxError)?.line == 2 }
        #expect { try TOMLParser.parse("a = 1\na = 2") } throws: { ($0 as? TOMLSyntaxError)?.message.contains("twice") == true }
        #expect { try TOMLParser.parse("[x]\n[x]") } throws: { ($0 as? TOMLSyntaxError)?.message.contains("twice") == true }
        #expect { try TOMLParser.parse("a = \"open") } throws: { ($0 as? TOMLSyntaxError)?.message.contains("unterminated") == true }
        #expect { try TOMLParser.parse("a = bare") } throws: { ($0 as? TOMLSyntaxError)?.message.contains("quotes") == true }
        #expect { try TOMLParser.parse("a = 1 b = 2") } throws: { $0 is TOMLSyntaxError }
        // Deep nesting is an error, not a stack overflow (found by fuzzing the parser).
        #expect { try TOMLParser.parse("a = " + String(repeating: "[", count: 200_000)) } throws: {
            ($0 as? TOMLSyntaxError)?.message.contains("nested") == true
        }
        #expect(try TOMLParser.parse("a = [[[1]]]")["a"] == .array([.array([.array([.integer(1)])])]))
    }
}

@Suite struct ConfigurationTests {
    let base = URL(fileURLWithPath: "/srv/m3clip/Config")

    @Test func defaultsPointAtTheRepositoryFolders() throws {
        let configuration = try Configuration.parse("", baseDirectory: base)
        #expect(configuration.inbox.path.path == "/srv/m3clip/Inbox")
        #expect(configuration.store.path.path == "/srv/m3clip/Store")
        #expect(configuration.control.socketPath.path == "/srv/m3clip/Store/run/ctl.sock")
        #expect(configuration.control.socketMode == 0o600)
        #expect(configuration.inbox.settleSeconds == 2 && configuration.inbox.rescanSeconds == 30)
        #expect(configuration.ingest.defaultLanguage.rawValue == "eng_Latn")
    }

    @Test func theShippedFileIsValidAndMatchesTheDefaults() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Config/m3clip.toml").standardizedFileURL
        let loaded = try Configuration.load(from: shipped)
        var defaults = try Configuration.parse("", baseDirectory: shipped.deletingLastPathComponent())
        defaults.sourceFile = loaded.sourceFile
        defaults.fingerprint = loaded.fingerprint
        #expect(loaded == defaults)
    }

    @Test func readsUncertaintyPoliciesWithThePapersDefaults() throws {
        let configuration = try Configuration.parse("[labels.uncertainty]\n\"Pleural Effusion\" = \"U-Zeros\"\n", baseDirectory: base)
        #expect(configuration.labels.uncertainty[.pleuralEffusion] == .uZeros)
        #expect(configuration.labels.uncertainty[.atelectasis] == .uOnes)
        #expect(configuration.labels.uncertainty[.consolidation] == .uSelfTrained)
        #expect(configuration.labels.uncertainty[.cardiomegaly] == .uMultiClass)
    }

    @Test func resolvesRelativeAndAbsolutePaths() throws {
        let configuration = try Configuration.parse("[store]\npath = \"/data/store\"\n[inbox]\npath = \"drop\"", baseDirectory: base)
        #expect(configuration.store.path.path == "/data/store")
        #expect(configuration.inbox.path.path == "/srv/m3clip/Config/drop")
    }

    @Test func errorsNameTheKey() {
        let cases: [(String, String)] = [
            ("[inbox]\nsettle_secs = 2", "inbox.settle_secs"),
            ("[inbox]\nsettle_seconds = \"two\"", "inbox.settle_seconds"),
            ("[inbox]\nsettle_seconds = -1", "inbox.settle_seconds"),
            ("[ingest]\ndefault_language = \"english\"", "ingest.default_language"),
            ("[control]\nsocket_mode = \"rw\"", "control.socket_mode"),
            ("[nonsense]\nx = 1", "nonsense"),
            ("inbox = 3", "inbox"),
            ("[labels.uncertainty]\nAtelectasis = \"U-Maybe\"", "labels.uncertainty"),
            ("[labels.uncertainty]\nHeartburn = \"U-Ones\"", "labels.uncertainty"),
        ]
        for (text, key) in cases {
            #expect { try Configuration.parse(text, baseDirectory: base) } throws: { ($0 as? ConfigurationError)?.key == key }
        }
    }

    @Test func syntaxErrorsNameTheFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.toml")
        try "[inbox]\npath = \n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try Configuration.load(from: file) } throws: { error in
            let description = String(describing: error)
            return description.contains("bad.toml") && description.contains("line 2")
        }
    }
}
