import Daemon
import Foundation
import Radiology
import Testing
import Translation

@Suite struct TranslationSettingsTests {
    let base = URL(fileURLWithPath: "/srv/m3clip/Config")

    @Test func defaultsTranslateIntoTheTwentyTargetsWithTheWorker() throws {
        let settings = try Configuration.parse("", baseDirectory: base).translation
        #expect(settings.engine == .ctranslate2)
        #expect(settings.source == .english)
        #expect(settings.targets == LanguageTable.defaultTargets)
        #expect(settings.auditRate == 0.01)
        #expect(settings.worker.python.path == "/srv/m3clip/Workers/translate/.venv/bin/python")
        #expect(settings.worker.model.lastPathComponent == "nllb-200-distilled-600M-ct2")
        #expect(settings.worker.computeType == "int8")
        #expect(settings.makeEngine().identifier == "ctranslate2:nllb-200-distilled-600M-ct2")
    }

    @Test func keysAreReadAndChecked() throws {
        let settings = try Configuration.parse("""
            [translation]
            engine = "http"
            targets = ["deu_Latn", "fra_Latn", "eng_Latn", "deu_Latn"]
            [translation.http]
            url = "http://127.0.0.1:5000"
            model = "lt-1.6"
            [translation.ctranslate2]
            device = "cuda"
            compute_type = "float16"
            beam_size = 2
            [translation.filters]
            log_prob_min = -3.0
            [translation.filters.type_token_floor]
            zho_Hans = 0.2
            """, baseDirectory: base).translation
        #expect(settings.targets.map(\.rawValue) == ["deu_Latn", "fra_Latn"])
        #expect(settings.makeEngine().identifier == "http:lt-1.6")
        #expect(settings.worker.device == "cuda" && settings.worker.computeType == "float16" && settings.worker.beamSize == 2)
        #expect(settings.thresholds.logProbMin == -3)
        #expect(settings.thresholds.typeTokenFloor(for: LanguageCode("zho_Hans")!) == 0.2)
    }

    @Test(arguments: [
        ("[translation]\nengine = \"google\"", "translation.engine"),
        ("[translation]\nengine = \"http\"", "translation.http.url"),
        ("[translation]\ntargets = [\"german\"]", "translation.targets"),
        ("[translation.ctranslate2]\ncompute_type = \"int3\"", "translation.ctranslate2.compute_type"),
        ("[translation.filters]\nlength_ratio_mni = 0.2", "translation.filters.length_ratio_mni"),
        ("[translation]\naudit_rate = 2", "translation.audit_rate"),
    ])
    func mistakesNameTheKey(_ text: String, _ key: String) {
        do {
            _ = try Configuration.parse(text, baseDirectory: base)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key, "\(error)")
        }
    }

    @Test func theRepositoryConfigurationParses() throws {
        let file = WorkerEnvironment.repository.appendingPathComponent("Config/m3clip.toml")
        let settings = try Configuration.load(from: file).translation
        #expect(settings.targets == LanguageTable.defaultTargets)
        #expect(settings.thresholds == QualityThresholds())
        // The venv's interpreter is a symlink: its path must be kept as written, or Python leaves the venv.
        #expect(settings.worker.python.path.hasSuffix("Workers/translate/.venv/bin/python"))
    }
}
