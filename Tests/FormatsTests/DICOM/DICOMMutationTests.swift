import Foundation
import Radiology
import Testing
@testable import Formats

/// 30 mutated copies of every good DICOM file — truncations, element lengths overwritten, bytes
/// flipped — go through the parser and every decoder. Decoding or refusing are both fine; a crash,
/// a hang or an unbounded allocation is not (the process would die, failing the run).
@Suite struct DICOMMutationTests {
    @Test func mutatedFilesAreDecodedOrRefusedNeverACrash() throws {
        var generator = SplitMix64(seed: 0xD1C0)
        var refused = 0, decoded = 0
        let good = try DICOMFixtures.entries().filter {
            $0.url.path.hasPrefix(DICOMFixtures.folder.path) && DICOMConformanceTests.refusals[$0.name] == nil
        }
        #expect(good.count >= 30)
        for entry in good {
            let original = [UInt8](try Data(contentsOf: entry.url))
            let file = try DICOMFile(parsing: Data(original))
            let lengthFields = Self.lengthFields(file)
            for copy in 0..<30 {
                var bytes = original
                switch copy % 3 {
                case 0:
                    bytes.removeLast(Int.random(in: 1..<bytes.count, using: &generator))
                case 1:
                    guard let field = lengthFields.randomElement(using: &generator) else { continue }
                    let values: [UInt32] = [0xFFFF_FFFF, 0xFFFF_FFF0, UInt32(bytes.count), UInt32.random(in: 0...0xFFFF, using: &generator), 0, 1]
                    let value = values.randomElement(using: &generator)!
                    for index in 0..<field.width where field.offset + index < bytes.count {
                        bytes[field.offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))
                    }
                default:
                    for _ in 0..<8 {
                        // Half the flips land in the first 2 KB (headers), half anywhere (codestreams).
                        let range = Bool.random(using: &generator) ? 0..<min(2048, bytes.count) : 0..<bytes.count
                        bytes[Int.random(in: range, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
                    }
                }
                if Self.decodes(Data(bytes)) { decoded += 1 } else { refused += 1 }
            }
        }
        print("mutations: \(decoded) decoded, \(refused) refused")
        #expect(refused > good.count * 10, "most truncations must be refused")
    }

    private static func decodes(_ data: Data) -> Bool {
        do {
            let file = try DICOMFile(parsing: data)
            if file.isStructuredReport {
                _ = try DICOMStructuredReportDecoder().decode(file, defaultLanguage: .english)
            } else {
                _ = try DICOMImageDecoder(limits: ImageLimits(maxPixels: 1 << 22)).decode(file)
            }
            return true
        } catch {
            return false
        }
    }

    /// Where each top-level element's length field is (offset, width), for the file's encoding.
    private static func lengthFields(_ file: DICOMFile) -> [(offset: Int, width: Int)] {
        guard !file.transferSyntax.isDeflated else { return [] }
        return file.dataSet.elements.values.map { element in
            if !file.transferSyntax.isExplicitVR { return (element.offset + 4, 4) }
            return element.vr.hasLongLength ? (element.offset + 8, 4) : (element.offset + 6, 2)
        }
    }
}

/// A small seeded generator, so a failing mutation can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
