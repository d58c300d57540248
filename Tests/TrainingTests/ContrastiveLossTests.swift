import Foundation
import Tensors
import Testing
@testable import Training

/// `Fixtures/loss_reference.json`, written by Workers/training-reference/make_fixtures.py: the
/// losses and their analytic gradients computed with numpy in float64 (and checked there against
/// finite differences) on fixed inputs.
private struct LossReference: Decodable {
    struct Values: Decodable {
        let shape: [Int]
        let data: [Double]
        var tensor: Tensor { Tensor(shape: shape, values: data.map { Float($0) }) }
    }

    struct Case: Decodable {
        let name: String
        let objective: String
        let labelTemperature: Double?
        /// Which input holds the image labels (`imageLabels` or `imageLabelsWithZeroRow`).
        let imageLabels: String?
        /// How many of the texts the case uses (InfoNCE pairs the first n with the n images).
        let textCount: Int
        let loss: Double
        let similarity: Values?
        let imageToText: Values?
        let textToImage: Values?
        let gradImage: Values
        let gradText: Values
        let gradScale: Values
    }

    let inputs: [String: Values]
    let cases: [Case]

    static let shared: LossReference = {
        let url = Bundle.module.url(forResource: "loss_reference", withExtension: "json", subdirectory: "Fixtures")
            ?? Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("loss_reference.json")
        return try! JSONDecoder().decode(LossReference.self, from: Data(contentsOf: url))
    }()

    func input(_ name: String) -> Tensor { inputs[name]!.tensor }
}

/// The first `rows` rows of a `[r, c]` tensor.
private func firstRows(_ t: Tensor, _ rows: Int) -> Tensor {
    let columns = t.shape[1]
    return Tensor(shape: [rows, columns], values: Array(t.scalars.prefix(rows * columns)))
}

/// Expects max|actual − expected| ≤ 1e-4 · max|expected| (relative error of the whole tensor, so
/// entries near zero are judged on the tensor's scale, not their own).
private func expectClose(_ actual: Tensor?, _ expected: LossReference.Values, _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual else {
        Issue.record("\(what): no value", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) vs \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let values = actual.scalars
    var worst = 0.0, scale = 0.0
    for (index, value) in expected.data.enumerated() {
        scale = max(scale, abs(value))
        let difference = abs(Double(values[index]) - value)
        worst = difference.isNaN ? .infinity : max(worst, difference)
    }
    let relative = worst / max(scale, 1e-30)
    #expect(relative <= 1e-4, "\(what): relative error \(relative)", sourceLocation: sourceLocation)
}

@Suite struct ContrastiveLossTests {
    static var caseNames: [String] { LossReference.shared.cases.map(\.name) }

    @Test(arguments: caseNames)
    func lossAndGradientsMatchTheNumpyReference(_ name: String) throws {
        let reference = LossReference.shared
        let testCase = try #require(reference.cases.first { $0.name == name })
        // Given the fixture's normalised embeddings, scale and labels, watched on a tape
        let tape = Tape()
        let image = tape.watch(reference.input("image"))
        let text = tape.watch(firstRows(reference.input("text"), testCase.textCount))
        let scale = tape.watch(reference.input("scale"))

        // When the Swift loss runs forward and backward
        let loss: Tensor
        switch testCase.objective {
        case "semanticMatching":
            let imageLabels = reference.input(try #require(testCase.imageLabels))
            let textLabels = reference.input("textLabels")
            let temperature = Float(try #require(testCase.labelTemperature))
            loss = semanticMatchingLoss(image: image, text: text, scale: scale, imageLabels: imageLabels, textLabels: textLabels,
                                        labelTemperature: temperature)
            let targets = SoftLabelTargets(imageLabels: imageLabels, textLabels: textLabels, temperature: temperature)
            expectClose(targets.similarity, try #require(testCase.similarity), "\(name): label similarity")
            expectClose(targets.imageToText, try #require(testCase.imageToText), "\(name): image→text targets")
            expectClose(targets.textToImage, try #require(testCase.textToImage), "\(name): text→image targets")
        case "infoNCE":
            loss = infoNCELoss(image: image, text: text, scale: scale)
        default:
            Issue.record("unknown objective \(testCase.objective)")
            return
        }
        tape.backward(loss)

        // Then the loss and the gradients match the reference
        let relative = abs(Double(loss.item) - testCase.loss) / abs(testCase.loss)
        #expect(relative <= 1e-4, "\(name): loss \(loss.item) vs \(testCase.loss)")
        expectClose(tape.gradient(of: image), testCase.gradImage, "\(name): ∂L/∂image")
        expectClose(tape.gradient(of: text), testCase.gradText, "\(name): ∂L/∂text")
        expectClose(tape.gradient(of: scale), testCase.gradScale, "\(name): ∂L/∂scale")
    }

    @Test func theFixtureCoversBothObjectivesAndTemperatures() {
        let cases = LossReference.shared.cases
        #expect(Set(cases.map(\.objective)) == ["semanticMatching", "infoNCE"])
        #expect(Set(cases.compactMap(\.labelTemperature)) == [1, 0.25])
    }

    @Test func anAllZeroLabelRowGivesUniformTargetsNotNaN() {
        // Given an image whose label vector is all zeros (nothing mentioned, no policy applied)
        let imageLabels = Tensor(shape: [2, 4], values: [0, 0, 0, 0, 1, 0, -1, 0])
        let textLabels = Tensor(shape: [3, 4], values: [1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1])
        for temperature: Float in [1, 0.25] {
            let targets = SoftLabelTargets(imageLabels: imageLabels, textLabels: textLabels, temperature: temperature)
            // Then every target is finite, rows are distributions, and the zero row is uniform
            for tensor in [targets.similarity, targets.imageToText, targets.textToImage] {
                #expect(tensor.scalars.allSatisfy { $0.isFinite })
            }
            let imageToText = targets.imageToText.scalars
            #expect(imageToText.prefix(3).allSatisfy { abs($0 - 1.0 / 3) < 1e-6 })
            #expect(abs(imageToText.suffix(3).reduce(0, +) - 1) < 1e-5)
            let textToImage = targets.textToImage.scalars
            for row in 0..<3 { #expect(abs(textToImage[2 * row] + textToImage[2 * row + 1] - 1) < 1e-5) }
            // And the loss and its gradients stay finite
            let tape = Tape()
            let image = tape.watch(Tensor(shape: [2, 2], values: [1, 0, 0, 1]))
            let text = tape.watch(Tensor(shape: [3, 2], values: [0.6, 0.8, 1, 0, 0, -1]))
            let scale = tape.watch(Tensor(shape: [1], values: [14.285714]))
            let loss = semanticMatchingLoss(image: image, text: text, scale: scale, imageLabels: imageLabels, textLabels: textLabels,
                                            labelTemperature: temperature)
            tape.backward(loss)
            #expect(loss.item.isFinite)
            for watched in [image, text, scale] {
                #expect(tape.gradient(of: watched)?.scalars.allSatisfy { $0.isFinite } == true)
            }
        }
    }
}
