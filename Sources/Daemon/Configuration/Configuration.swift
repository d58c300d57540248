public import Foundation
public import Radiology
import Store

/// m3clip's configuration: `Config/m3clip.toml`, every key documented there. Relative paths are
/// resolved against the folder holding the configuration file; unknown keys are errors.
public struct Configuration: Sendable, Equatable {
    public struct Inbox: Sendable, Equatable {
        /// The drop folder (`inbox.path`, default `../Inbox`).
        public var path: URL
        /// How long a file written in place must keep its size and mtime before it is taken.
        public var settleSeconds: Double
        /// Interval of the full rescan that finds what inotify missed.
        public var rescanSeconds: Double
    }

    public struct Store: Sendable, Equatable {
        /// The store folder (`store.path`, default `../Store`).
        public var path: URL
    }

    public struct Ingest: Sendable, Equatable {
        /// The language of reports that do not declare one (`report.<code>.txt`, XML attribute).
        public var defaultLanguage: LanguageCode
        /// Largest image accepted, checked from the header before any pixel is allocated.
        public var maxImagePixels: Int
        /// Largest width or height accepted.
        public var maxImageSide: Int
        /// Largest single file accepted, in bytes.
        public var maxFileBytes: Int
        /// A daemon batch is committed when it holds this many files…
        public var batchMaxFiles: Int
        /// …or when its oldest file has waited this long.
        public var batchMaxSeconds: Double
    }

    public struct Control: Sendable, Equatable {
        /// The control socket (`control.socket`, default `../Store/run/ctl.sock`).
        public var socketPath: URL
        /// Permission bits of the socket file.
        public var socketMode: Int
    }

    public struct Labels: Sendable, Equatable {
        /// What an uncertain label means, per observation (`[labels.uncertainty]`): the paper's
        /// defaults (U-Ones for Atelectasis and Edema, U-SelfTrained for Consolidation,
        /// U-MultiClass for the rest) unless overridden.
        public var uncertainty: UncertaintyPolicies
    }

    public var inbox: Inbox
    public var store: Store
    public var ingest: Ingest
    public var control: Control
    public var labels: Labels
    /// `[translation]`: engine, languages, worker, filters, audit (`TranslationSettings`).
    public var translation: TranslationSettings
    public var training: TrainingSettings
    /// `[index]`: the published index's element type and freshness (delta segments).
    public var index: IndexSettings
    /// `[api]`: the HTTP search API (bind address, token, limits).
    public var api: APISettings
    /// `[retention]`: what garbage collection keeps.
    public var retention: RetentionSettings
    /// `[deid]`: de-identification at ingest.
    public var deid: DeidentificationSettings
    /// `[hl7]`: the optional MLLP listener.
    public var hl7: HL7Settings
    /// The file this configuration came from; nil for the built-in defaults.
    public var sourceFile: URL?
    /// SHA-256 of the file's text (hex), so `ctl status` can show which configuration is live.
    public var fingerprint: String

    /// Parses and validates configuration text. `baseDirectory` anchors relative paths.
    public static func parse(_ text: String, baseDirectory: URL, sourceFile: URL? = nil) throws(ConfigurationError) -> Configuration {
        let table: [String: TOMLValue]
        do {
            table = try TOMLParser.parse(text)
        } catch {
            throw ConfigurationError(key: nil, message: error.description, file: sourceFile?.path)
        }
        let root = ConfigurationReader(table: table, baseDirectory: baseDirectory)
        do {
            let configuration = try read(root, sourceFile: sourceFile, fingerprint: fingerprint(of: text))
            try root.finish()
            return configuration
        } catch {
            throw ConfigurationError(key: error.key, message: error.message, file: sourceFile?.path)
        }
    }

    /// Loads the file at `url`.
    public static func load(from url: URL) throws(ConfigurationError) -> Configuration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(key: nil, message: "cannot read the configuration file", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: nil, message: "the configuration file is not UTF-8", file: url.path)
        }
        return try parse(text, baseDirectory: url.deletingLastPathComponent(), sourceFile: url.standardizedFileURL)
    }

    /// The configuration a command uses: `explicitPath` when given (`--config`), else
    /// `$M3CLIP_CONFIG`, else `Config/m3clip.toml` under the current folder when present, else
    /// the built-in defaults with `Inbox/` and `Store/` under the current folder.
    public static func resolve(explicitPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws(ConfigurationError) -> Configuration {
        if let explicitPath { return try load(from: URL(fileURLWithPath: explicitPath, relativeTo: currentDirectory)) }
        if let fromEnvironment = environment["M3CLIP_CONFIG"], !fromEnvironment.isEmpty {
            return try load(from: URL(fileURLWithPath: fromEnvironment, relativeTo: currentDirectory))
        }
        let repositoryDefault = currentDirectory.appendingPathComponent("Config/m3clip.toml")
        if FileManager.default.fileExists(atPath: repositoryDefault.path) { return try load(from: repositoryDefault) }
        return try parse("", baseDirectory: currentDirectory.appendingPathComponent("Config"))
    }

    private static func read(_ root: ConfigurationReader, sourceFile: URL?, fingerprint: String) throws(ConfigurationError) -> Configuration {
        let inbox = try root.section("inbox")
        let store = try root.section("store")
        let ingest = try root.section("ingest")
        let control = try root.section("control")
        let labels = try root.section("labels")
        let translation = try TranslationSettings.read(try root.section("translation"))
        let training = try TrainingSettings.read(try root.section("training"))
        let index = try IndexSettings.read(try root.section("index"))
        let api = try APISettings.read(try root.section("api"), environment: ProcessInfo.processInfo.environment)
        let retention = try RetentionSettings.read(try root.section("retention"))
        let deid = try DeidentificationSettings.read(try root.section("deid"))
        let hl7 = try HL7Settings.read(try root.section("hl7"))
        let uncertaintyTable = try labels.section("uncertainty")
        var uncertaintyEntries: [String: String] = [:]
        for key in uncertaintyTable.keys {
            uncertaintyEntries[key] = try uncertaintyTable.string(key, default: "")
        }
        let policies: UncertaintyPolicies
        do {
            policies = try UncertaintyPolicies(parsing: uncertaintyEntries)
        } catch {
            throw ConfigurationError(key: "labels.uncertainty", message: error.description)
        }
        let languageText = try ingest.string("default_language", default: "eng_Latn")
        guard let language = LanguageCode(languageText) else {
            throw ConfigurationError(key: "ingest.default_language", message: "'\(languageText)' is not a FLORES-200 code such as eng_Latn")
        }
        let socketModeText = try control.string("socket_mode", default: "0600")
        guard let socketMode = Int(socketModeText, radix: 8), (0...0o777).contains(socketMode) else {
            throw ConfigurationError(key: "control.socket_mode", message: "'\(socketModeText)' is not an octal mode such as \"0600\"")
        }
        return Configuration(
            inbox: Inbox(
                path: try inbox.path("path", default: "../Inbox"),
                settleSeconds: try inbox.number("settle_seconds", default: 2, in: 0...3600),
                rescanSeconds: try inbox.number("rescan_seconds", default: 30, in: 0.1...86_400)),
            store: Store(path: try store.path("path", default: "../Store")),
            ingest: Ingest(
                defaultLanguage: language,
                maxImagePixels: try ingest.integer("max_image_pixels", default: 64 << 20, in: 1...(1 << 34)),
                maxImageSide: try ingest.integer("max_image_side", default: 16_384, in: 1...1 << 20),
                maxFileBytes: try ingest.integer("max_file_bytes", default: 512 << 20, in: 1...(1 << 40)),
                batchMaxFiles: try ingest.integer("batch_max_files", default: 1_000, in: 1...1_000_000),
                batchMaxSeconds: try ingest.number("batch_max_seconds", default: 1, in: 0...3600)),
            control: Control(
                socketPath: try control.path("socket", default: "../Store/run/ctl.sock"),
                socketMode: socketMode),
            labels: Labels(uncertainty: policies),
            translation: translation,
            training: training,
            index: index,
            api: api,
            retention: retention,
            deid: deid,
            hl7: hl7,
            sourceFile: sourceFile,
            fingerprint: fingerprint)
    }

    private static func fingerprint(of text: String) -> String {
        ContentHash(of: Data(text.utf8)).hex
    }
}
