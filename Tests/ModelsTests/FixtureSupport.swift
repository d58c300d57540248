import Foundation
import Models
import Tensors
import Testing

/// Loads the PyTorch reference fixtures written by `Workers/encoders-reference/make_fixtures.py`.
enum Fixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    /// The weights of `m3clip_tiny/model.safetensors` and the inputs, outputs and gradients of
    /// `clip_tiny.safetensors`, by name.
    static let clip: [String: Tensor] = {
        var all: [String: Tensor] = [:]
        for name in ["m3clip_tiny/model.safetensors", "clip_tiny.safetensors"] {
            let file = try! SafeTensors(contentsOf: url(name))
            for n in file.names { all[n] = try! file.tensor(n) }
        }
        return all
    }()

    static func json(_ name: String) -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as! [String: Any]
    }

    /// The tiny configurations the fixtures were built with.
    static let textConfig: XLMRobertaConfig = try! JSONDecoder().decode(XLMRobertaConfig.self, from: Data(contentsOf: url("hf_xlmr/config.json")))
    static let visionConfig: SwinConfig = try! JSONDecoder().decode(SwinConfig.self, from: Data(contentsOf: url("hf_swin/config.json")))

    /// The token batch of the fixture (two texts, the second padded).
    static var tokens: TokenBatch {
        let ids = clip["input.ids"]!
        let (b, l) = (ids.shape[0], ids.shape[1])
        let rows = (0..<b).map { r in ids.scalars[(r * l)..<((r + 1) * l)].map { Int32($0) } }
        let trimmed = rows.map { row in Array(row.prefix { $0 != 1 }) }
        return TokenBatch(trimmed, padID: 1, length: l)
    }
}

/// max |a − b| / max(max |b|, tiny): the relative error used by the parity floors.
func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count, "relativeError: \(a.shape) vs \(b.shape)")
    let x = a.scalars, y = b.scalars
    var diff: Float = 0, scale: Float = 1e-12
    for i in 0..<x.count { diff = max(diff, abs(x[i] - y[i])); scale = max(scale, abs(y[i])) }
    return diff / scale
}

func expectClose(_ a: Tensor, _ b: Tensor, _ tolerance: Float, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, "\(what): shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
    let e = relativeError(a, b)
    #expect(e <= tolerance, "\(what): relative error \(e) > \(tolerance)", sourceLocation: sourceLocation)
}

/// Every parameter's gradient against the reference's `grad.<name>` (1e-3 relative). A reference
/// gradient that is rounding noise (attention key biases: softmax is invariant to them, so the
/// exact gradient is 0) only requires ours to be noise too.
func expectGradientsMatch(_ parameters: [Parameter], _ reference: [String: Tensor], sourceLocation: SourceLocation = #_sourceLocation) {
    let largest = parameters.compactMap { reference["grad." + $0.name]?.scalars.map(abs).max() }.max() ?? 1
    for p in parameters {
        guard let expected = reference["grad." + p.name] else { Issue.record("no reference for \(p.name)", sourceLocation: sourceLocation); continue }
        guard let g = p.grad else { Issue.record("no gradient for \(p.name)", sourceLocation: sourceLocation); continue }
        if expected.scalars.map(abs).max()! < 1e-6 * largest {
            #expect(g.scalars.map(abs).max()! < 1e-5 * largest, "gradient of \(p.name) should vanish", sourceLocation: sourceLocation)
            continue
        }
        expectClose(g, expected, 1e-3, "gradient of \(p.name)", sourceLocation: sourceLocation)
    }
}
