import Foundation

/// The web app's files (`Sources/Daemon/Resources/web/`), shipped in the binary's resources and
/// read once: HTML pages, one stylesheet, one script. No external assets.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    let assets: [String: Asset]

    static let pages = ["index.html", "study.html", "status.html", "login.html"]

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent("web") else {
            throw ConfigurationError(key: nil, message: "the web app's files are missing from the installation")
        }
        var assets: [String: Asset] = [:]
        for name in Self.pages + ["app.css", "app.js"] {
            let type = name.hasSuffix(".html") ? "text/html; charset=utf-8" : name.hasSuffix(".css") ? "text/css; charset=utf-8"
                : "text/javascript; charset=utf-8"
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                throw ConfigurationError(key: nil, message: "the web app's \(name) is missing from the installation")
            }
            assets[name] = Asset(bytes: Array(data), contentType: type)
        }
        self.assets = assets
    }

    /// Bytes of HTML, CSS and JS together (the page weight).
    var totalBytes: Int { assets.values.reduce(0) { $0 + $1.bytes.count } }
}
