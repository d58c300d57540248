import Foundation

/// Runs the built `m3clip` binary on a temporary inbox and store.
final class CLIRunner {
    let root: URL
    let inbox: URL
    let configPath: URL

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    init(extraConfig: String = "") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-cli-\(UUID().uuidString)")
        inbox = root.appendingPathComponent("Inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Config"), withIntermediateDirectories: true)
        configPath = root.appendingPathComponent("Config/m3clip.toml")
        try """
            [inbox]
            path = "../Inbox"
            [store]
            path = "../Store"
            \(extraConfig)
            """.write(to: configPath, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The `m3clip` executable next to the test bundle in the build folder.
    static var binary: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("m3clip")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.appendingPathComponent("m3clip")
    }

    @discardableResult
    func run(_ arguments: [String], withConfig: Bool = true, currentDirectory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = withConfig ? Self.insertConfig(arguments, configPath.path) : arguments
        process.currentDirectoryURL = currentDirectory ?? root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Puts `--config P` after the subcommand words and before any `--` separator.
    private static func insertConfig(_ arguments: [String], _ path: String) -> [String] {
        let split = arguments.firstIndex(of: "--") ?? arguments.endIndex
        return Array(arguments[..<split]) + ["--config", path] + Array(arguments[split...])
    }

    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> URL {
        try write(relativePath, Data(text.utf8))
    }

    @discardableResult
    func write(_ relativePath: String, _ data: Data) throws -> URL {
        let url = inbox.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}
