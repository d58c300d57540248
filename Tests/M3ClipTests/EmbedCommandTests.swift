import Foundation
import Testing

/// `m3clip embed` against vectors PyTorch computed for the same folders (fixtures of
/// `Tests/ModelsTests/Fixtures`, written by `Workers/encoders-reference/make_fixtures.py`).
@Suite struct EmbedCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ModelsTests/Fixtures")
    static var expected: [String: Any] { try! JSONSerialization.jsonObject(
        with: Data(contentsOf: fixtures.appendingPathComponent("embed_expected.json"))) as! [String: Any] }

    func run(_ arguments: [String]) throws -> CLIRunner.Result {
        try CLIRunner().run(["embed"] + arguments, withConfig: false)
    }

    func vector(_ result: CLIRunner.Result) -> [Double] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let v = object["vector"] as? [Double] else { return [] }
        return v
    }

    func expectClose(_ a: [Double], _ b: [Double], _ what: String) {
        #expect(a.count == b.count, "\(what): \(a.count) values, expected \(b.count)")
        let scale = b.map(abs).max() ?? 1
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error / scale < 1e-4, "\(what): relative error \(error / scale)")
    }

    @Test func checkpointTextAndImageEmbeddings() throws {
        let folder = Self.fixtures.appendingPathComponent("m3clip_tiny").path
        let text = try run(["--model", folder, "--text", Self.expected["text"] as! String, "--lang", "eng_Latn", "--json"])
        #expect(text.status == 0, "\(text.stderr)")
        expectClose(vector(text), Self.expected["text_embed"] as! [Double], "text embedding")
        let image = try run(["--model", folder, "--image", Self.fixtures.appendingPathComponent("grey32.png").path, "--json"])
        #expect(image.status == 0, "\(image.stderr)")
        expectClose(vector(image), Self.expected["image_embed"] as! [Double], "image embedding")
    }

    @Test func huggingFaceEncoderOutputs() throws {
        let text = Self.expected["text"] as! String
        let xlmr = Self.fixtures.appendingPathComponent("hf_xlmr").path
        let cls = try run(["--model", xlmr, "--text", text, "--encoder-output", "--pooling", "cls", "--json"])
        expectClose(vector(cls), Self.expected["cls"] as! [Double], "cls")
        let medclip = try run(["--model", xlmr, "--text", text, "--encoder-output", "--json"])
        expectClose(vector(medclip), Self.expected["medclip"] as! [Double], "medclip")
        let swin = try run(["--model", Self.fixtures.appendingPathComponent("hf_swin").path, "--encoder-output",
                            "--image", Self.fixtures.appendingPathComponent("grey32.png").path])
        let plain = swin.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        expectClose(plain, Self.expected["image_pooled"] as! [Double], "image pooled")
    }

    @Test func clearErrors() throws {
        let xlmr = Self.fixtures.appendingPathComponent("hf_xlmr").path
        let noHead = try run(["--model", xlmr, "--text", "x"])
        #expect(noHead.status == 1 && noHead.stderr.contains("--encoder-output"))
        let both = try run(["--model", xlmr, "--text", "x", "--image", "y.png"])
        #expect(both.status != 0 && both.stderr.contains("exactly one"))
        let badLang = try run(["--model", xlmr, "--text", "x", "--lang", "english"])
        #expect(badLang.status != 0 && badLang.stderr.contains("FLORES"))
        let missing = try run(["--model", "/nonexistent", "--text", "x"])
        #expect(missing.status == 1 && missing.stderr.contains("config.json"))
    }
}
