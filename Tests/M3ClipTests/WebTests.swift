import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The web app in a real browser: headless Chromium (Debian's, installed by `Scripts/setup.sh`)
/// loads the daemon's pages, runs their script and dumps the DOM. A German query finds radiographs
/// of studies whose reports are English, the status page draws the loss curve, and a report that
/// carries `<script>` is shown as text.
@Suite(.serialized) struct WebTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The DOM after the page's scripts ran (Chromium's virtual time lets fetches finish first).
    static func dom(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--virtual-time-budget=15000",
                             "--user-data-dir=\(FileManager.default.temporaryDirectory.path)/m3clip-chromium-\(getpid())", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (Scripts/setup.sh installs it)"))
    func searchStatusAndStudyPagesInABrowser() throws {
        let cli = try TrainCLITests.storeWithPhantoms(studies: 0, ingest: false)
        let staged = cli.root.appendingPathComponent("staged")
        #expect(try cli.run(["phantom", "studies", "--count", "12", "--size", "64", "--languages", "eng_Latn", "--out", staged.path], withConfig: false).status == 0)
        let hostile = staged.appendingPathComponent("hostile-study")
        try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
        try "FINDINGS: <script>document.title='pwned'</script> Small left pleural effusion. <img src=x onerror=\"document.title='pwned'\">"
            .write(to: hostile.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        let folders = try FileManager.default.contentsOfDirectory(atPath: staged.path).filter { !$0.hasPrefix(".") }.map { staged.appendingPathComponent($0).path }
        #expect(try cli.run(["ingest"] + folders).status == 0)
        let trained = try cli.run(["train", "--steps", "30", "--json"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let daemon = try DaemonProcess(cli)
        let base = "http://127.0.0.1:\(try HTTPTestClient(store: cli.root.appendingPathComponent("Store")).port)"

        // A German query: radiographs (thumbnails) of studies whose reports are all English.
        let search = try Self.dom("\(base)/?q=Pleuraerguss%20links&lang=deu_Latn")
        let studies = search.matches(of: /data-study="([^"]+)"/).map { String($0.1) }
        #expect(!studies.isEmpty, "\(search.prefix(2000))")
        #expect(studies.allSatisfy { $0.hasPrefix("phantom-") || $0 == "hostile-study" })
        #expect(search.contains("<img src=\"/v1/images/") && search.contains("[deu_Latn]"))
        #expect(search.contains("eng_Latn"), "the matching English sentence is shown")

        // The status page draws each model's loss curve as SVG.
        let status = try Self.dom("\(base)/status.html")
        let points = status.firstMatch(of: /<polyline points="([^"]+)"/).map { $0.1.split(separator: " ").count } ?? 0
        #expect(points >= 2, "\(status.prefix(3000))")
        #expect(status.contains("zero_shot.accuracy") && status.contains("ingest rate"))
        #expect(status.contains("<td>+13</td>"), "the corpus version that added the 13 studies")

        // Report text is untrusted: shown as text, never run.
        let study = try Self.dom("\(base)/study.html?key=hostile-study")
        #expect(study.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "\(study.prefix(3000))")
        #expect(!study.contains("<title>pwned</title>") && !study.contains("<img src=\"x\""))
        #expect(study.contains("<title>m3clip — study</title>"))

        // Every response carries the Content-Security-Policy.
        let page = try HTTPTestClient(store: cli.root.appendingPathComponent("Store")).get("/")
        #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    @Test func theLoginFormSetsAnHttpOnlyCookie() throws {
        let cli = try CLIRunner(extraConfig: "[training]\nenabled = false\n[api]\nbind = \"127.0.0.1:0\"\ntoken = \"\(APITests.token)\"")
        let daemon = try DaemonProcess(cli)
        let client = try HTTPTestClient(store: cli.root.appendingPathComponent("Store"))
        let page = try client.get("/")
        #expect(page.status == 303 && page.headers["location"] == "/login.html")
        #expect(try client.get("/login.html").status == 200)
        let wrong = try client.request("POST", "/login", body: Data("token=nope".utf8), token: nil)
        #expect(wrong.status == 303 && wrong.headers["location"] == "/login.html?failed=1" && wrong.headers["set-cookie"] == nil)
        let right = try client.request("POST", "/login", body: Data("token=\(APITests.token)".utf8), token: nil)
        let cookie = try #require(right.headers["set-cookie"])
        #expect(right.status == 303 && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        // The cookie then opens the pages and the API, as the header does.
        let pair = String(cookie.split(separator: ";")[0])
        #expect(try client.request("GET", "/", body: Data(), token: nil, headers: ["Cookie": pair]).status == 200)
        #expect(try client.request("GET", "/v1/status", body: Data(), token: nil, headers: ["Cookie": pair]).status == 200)
        #expect(try client.request("GET", "/v1/status", body: Data(), token: nil, headers: ["Cookie": "m3clip_token=wrong-token-0123456789"]).status == 401)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }
}
