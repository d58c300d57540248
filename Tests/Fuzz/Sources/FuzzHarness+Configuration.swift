import Daemon
import Foundation

extension FuzzHarness {
    /// `m3clip.toml`: the TOML parser and every typed, validated key behind it, as `Configuration.load`
    /// reads a file (bytes that are not UTF-8 are refused before parsing, as there).
    static let configuration = FuzzHarness(name: "configuration") { data in
        guard let text = String(data: data, encoding: .utf8) else { return }
        _ = try Configuration.parse(text, baseDirectory: URL(fileURLWithPath: "/nonexistent/m3clip-fuzz/Config"))
    }
}
