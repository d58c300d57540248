public import Foundation
public import Radiology
public import Translation

/// The `[translation]` section of the configuration: which engine, which languages, the worker's
/// options, the filters' thresholds and the audit rate. Every key is documented in
/// `Config/m3clip.toml`.
public struct TranslationSettings: Sendable, Equatable {
    /// `ctranslate2`, `http` or `none`.
    public enum EngineKind: String, Sendable, Equatable, CaseIterable {
        case ctranslate2, http, none
    }

    public var engine: EngineKind
    /// The language sentences are translated from (`eng_Latn`); other languages go into it.
    public var source: LanguageCode
    public var targets: [LanguageCode]
    /// Sentences per engine call.
    public var batchSize: Int
    /// Fraction of kept and of rejected output sampled for review.
    public var auditRate: Double
    /// How often an unavailable engine is checked again, in seconds.
    public var retrySeconds: Double
    public var worker: WorkerOptions
    public var http: HTTPSettings
    public var thresholds: QualityThresholds
    /// `[translation.audit.judge]`: the LLM that scores the audit sample.
    public var judge: AuditJudgeSettings

    public struct HTTPSettings: Sendable, Equatable {
        public var url: URL?
        public var model: String
        public var apiKey: String?
        public var timeoutSeconds: Double
    }

    /// The engine these settings describe. `none` and an `http` engine without a URL give
    /// `NoEngine`.
    public func makeEngine() -> any TranslationEngine {
        switch engine {
        case .none: return NoEngine()
        case .ctranslate2: return CTranslate2Engine(options: worker)
        case .http:
            guard let url = http.url else { return NoEngine() }
            return HTTPEngine(baseURL: url, model: http.model, apiKey: http.apiKey, timeoutSeconds: http.timeoutSeconds)
        }
    }

    static func read(_ section: ConfigurationReader) throws(ConfigurationError) -> TranslationSettings {
        let engineText = try section.string("engine", default: "ctranslate2")
        guard let engine = EngineKind(rawValue: engineText) else {
            throw ConfigurationError(key: "translation.engine", message: "'\(engineText)' is not one of ctranslate2, http, none")
        }
        let sourceText = try section.string("source", default: LanguageCode.english.rawValue)
        guard let source = LanguageCode(sourceText) else {
            throw ConfigurationError(key: "translation.source", message: "'\(sourceText)' is not a FLORES-200 code such as eng_Latn")
        }
        var targets: [LanguageCode] = []
        for text in try section.strings("targets", default: LanguageTable.defaultTargets.map(\.rawValue)) {
            guard let code = LanguageCode(text) else {
                throw ConfigurationError(key: "translation.targets", message: "'\(text)' is not a FLORES-200 code such as deu_Latn")
            }
            if code != source, !targets.contains(code) { targets.append(code) }
        }
        let batchSize = try section.integer("batch_size", default: 32, in: 1...4096)
        let auditRate = try section.number("audit_rate", default: 0.01, in: 0...1)
        let retrySeconds = try section.number("retry_seconds", default: 30, in: 0.1...86_400)

        let ct2 = try section.section("ctranslate2")
        var worker = WorkerOptions(python: try ct2.interpreter("python", default: "../Workers/translate/.venv/bin/python"),
                                   script: try ct2.path("worker", default: "../Workers/translate/worker.py"),
                                   model: try ct2.path("model", default: "../Models/nllb-200-distilled-600M-ct2"))
        let modelID = try ct2.string("model_id", default: "")
        if !modelID.isEmpty { worker.modelID = modelID }
        worker.device = try ct2.string("device", default: "cpu")
        worker.computeType = try ct2.string("compute_type", default: "int8")
        guard ["cpu", "cuda", "auto"].contains(worker.device) else {
            throw ConfigurationError(key: "translation.ctranslate2.device", message: "'\(worker.device)' is not one of cpu, cuda, auto")
        }
        let computeTypes = ["default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32"]
        guard computeTypes.contains(worker.computeType) else {
            throw ConfigurationError(key: "translation.ctranslate2.compute_type",
                                     message: "'\(worker.computeType)' is not one of \(computeTypes.joined(separator: ", "))")
        }
        worker.beamSize = try ct2.integer("beam_size", default: 4, in: 1...64)
        worker.maxBatchSize = try ct2.integer("max_batch_size", default: 32, in: 1...4096)
        worker.interThreads = try ct2.integer("inter_threads", default: 1, in: 1...256)
        worker.intraThreads = try ct2.integer("intra_threads", default: 0, in: 0...256)
        worker.maxDecodingLength = try ct2.integer("max_decoding_length", default: 256, in: 8...1024)
        worker.batchTimeoutSeconds = try ct2.number("batch_timeout_seconds", default: 300, in: 1...86_400)
        worker.startTimeoutSeconds = try ct2.number("start_timeout_seconds", default: 120, in: 1...3600)
        worker.restartBackoffSeconds = try ct2.number("restart_backoff_seconds", default: 1, in: 0.01...3600)
        worker.restartBackoffMaxSeconds = try ct2.number("restart_backoff_max_seconds", default: 60, in: 0.01...86_400)
        worker.attemptsPerBatch = try ct2.integer("attempts_per_batch", default: 3, in: 1...100)

        let httpSection = try section.section("http")
        let urlText = try httpSection.string("url", default: "")
        var url: URL?
        if !urlText.isEmpty {
            guard let parsed = URL(string: urlText), let scheme = parsed.scheme, ["http", "https"].contains(scheme) else {
                throw ConfigurationError(key: "translation.http.url", message: "'\(urlText)' is not an http(s) URL")
            }
            url = parsed
        } else if engine == .http {
            throw ConfigurationError(key: "translation.http.url", message: "engine = \"http\" needs a url")
        }
        let apiKey = try httpSection.string("api_key", default: "")
        let http = HTTPSettings(url: url, model: try httpSection.string("model", default: "libretranslate"),
                                apiKey: apiKey.isEmpty ? nil : apiKey,
                                timeoutSeconds: try httpSection.number("timeout_seconds", default: 60, in: 1...3600))

        let filters = try section.section("filters")
        var thresholds = QualityThresholds()
        thresholds.copySimilarity = try filters.number("copy_similarity", default: thresholds.copySimilarity, in: 0...1)
        thresholds.copyMinimumCharacters = try filters.integer("copy_minimum_characters", default: thresholds.copyMinimumCharacters, in: 0...1000)
        thresholds.lengthRatioMin = try filters.number("length_ratio_min", default: thresholds.lengthRatioMin, in: 0...1)
        thresholds.lengthRatioMax = try filters.number("length_ratio_max", default: thresholds.lengthRatioMax, in: 1...1000)
        thresholds.maxConsecutiveRepeats = try filters.integer("max_consecutive_repeats", default: thresholds.maxConsecutiveRepeats, in: 2...100)
        thresholds.trigramUniquenessMin = try filters.number("trigram_uniqueness_min", default: thresholds.trigramUniquenessMin, in: 0...1)
        thresholds.trigramMinimumCount = try filters.integer("trigram_minimum_count", default: thresholds.trigramMinimumCount, in: 1...1000)
        thresholds.typeTokenMinimumTokens = try filters.integer("type_token_minimum_tokens", default: thresholds.typeTokenMinimumTokens, in: 1...1000)
        thresholds.scriptShareMin = try filters.number("script_share_min", default: thresholds.scriptShareMin, in: 0...1)
        thresholds.logProbMin = try filters.number("log_prob_min", default: thresholds.logProbMin, in: -1000...0)
        thresholds.checkNumbers = try filters.bool("check_numbers", default: thresholds.checkNumbers)
        let floors = try filters.section("type_token_floor")
        for key in floors.keys {
            guard let code = LanguageCode(key) else {
                throw ConfigurationError(key: "translation.filters.type_token_floor.\(key)", message: "not a FLORES-200 code")
            }
            thresholds.typeTokenFloors[code] = try floors.number(key, default: 0, in: 0...1)
        }

        let judge = try AuditJudgeSettings.read(try section.section("audit").section("judge"))

        return TranslationSettings(engine: engine, source: source, targets: targets, batchSize: batchSize, auditRate: auditRate,
                                   retrySeconds: retrySeconds, worker: worker, http: http, thresholds: thresholds, judge: judge)
    }
}
