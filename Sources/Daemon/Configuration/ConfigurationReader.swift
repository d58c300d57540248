import Foundation

/// Reads typed values out of one TOML table, remembering which keys were read so that any key left
/// over (a typo, a key from another version) is reported as an error by `finish()`.
final class ConfigurationReader {
    private let table: [String: TOMLValue]
    private let prefix: String
    private let baseDirectory: URL
    private var consumed: Set<String> = []
    private var children: [ConfigurationReader] = []

    init(table: [String: TOMLValue], prefix: String = "", baseDirectory: URL) {
        self.table = table
        self.prefix = prefix
        self.baseDirectory = baseDirectory
    }

    private func fullKey(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    private func fail(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(key: fullKey(key), message: message)
    }

    private func raw(_ key: String) -> TOMLValue? {
        consumed.insert(key)
        return table[key]
    }

    /// The sub-table `key`; an empty one when absent.
    func section(_ key: String) throws(ConfigurationError) -> ConfigurationReader {
        let child: [String: TOMLValue]
        switch raw(key) {
        case nil: child = [:]
        case .table(let values): child = values
        case .some(let other): throw fail(key, "expected a table, found \(other)")
        }
        let reader = ConfigurationReader(table: child, prefix: fullKey(key), baseDirectory: baseDirectory)
        children.append(reader)
        return reader
    }

    /// The keys present in this table (for tables whose keys are data, like per-observation policies).
    var keys: [String] { table.keys.sorted() }

    func string(_ key: String, default value: String) throws(ConfigurationError) -> String {
        switch raw(key) {
        case nil: return value
        case .string(let text): return text
        case .some(let other): throw fail(key, "expected a string, found \(other)")
        }
    }

    func bool(_ key: String, default value: Bool) throws(ConfigurationError) -> Bool {
        switch raw(key) {
        case nil: return value
        case .boolean(let flag): return flag
        case .some(let other): throw fail(key, "expected true or false, found \(other)")
        }
    }

    func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let result: Int
        switch raw(key) {
        case nil: return value
        case .integer(let number): result = number
        case .some(let other): throw fail(key, "expected an integer, found \(other)")
        }
        guard range.contains(result) else { throw fail(key, "\(result) is outside \(range.lowerBound)…\(range.upperBound)") }
        return result
    }

    func number(_ key: String, default value: Double, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        let result: Double
        switch raw(key) {
        case nil: return value
        case .integer(let number): result = Double(number)
        case .float(let number): result = number
        case .some(let other): throw fail(key, "expected a number, found \(other)")
        }
        guard range.contains(result) else { throw fail(key, "\(result) is outside \(range.lowerBound)…\(range.upperBound)") }
        return result
    }

    func strings(_ key: String, default value: [String]) throws(ConfigurationError) -> [String] {
        switch raw(key) {
        case nil: return value
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw fail(key, "expected an array of strings, found \(item)") }
                result.append(text)
            }
            return result
        case .some(let other): throw fail(key, "expected an array of strings, found \(other)")
        }
    }

    /// A path, resolved relative to the configuration file's folder unless absolute.
    func path(_ key: String, default value: String) throws(ConfigurationError) -> URL {
        let text = try string(key, default: value)
        guard !text.isEmpty else { throw fail(key, "must not be empty") }
        if text.hasPrefix("/") { return URL(fileURLWithPath: text).standardizedFileURL }
        return baseDirectory.appendingPathComponent(text).standardizedFileURL
    }

    /// A Python interpreter's path: joined to the base folder without resolving symlinks (a venv's
    /// `bin/python` is a link to the base interpreter, and only the link's path makes Python use
    /// the venv).
    func interpreter(_ key: String, default value: String) throws(ConfigurationError) -> URL {
        let text = try string(key, default: value)
        guard !text.isEmpty else { throw fail(key, "must not be empty") }
        return Self.joinLexically(baseDirectory, text)
    }

    /// `text` resolved against `base` by removing `.` and `..` components, without following links.
    static func joinLexically(_ base: URL, _ text: String) -> URL {
        var parts = text.hasPrefix("/") ? [] : base.path.split(separator: "/").map(String.init)
        for component in text.split(separator: "/") where component != "." {
            if component == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(String(component))
            }
        }
        return URL(fileURLWithPath: "/" + parts.joined(separator: "/"))
    }

    /// Throws for the first key (in this table or a child read through `section`) never read.
    func finish() throws(ConfigurationError) {
        for key in table.keys.sorted() where !consumed.contains(key) {
            throw fail(key, "unknown key (check the spelling against Config/m3clip.toml)")
        }
        for child in children { try child.finish() }
    }
}
