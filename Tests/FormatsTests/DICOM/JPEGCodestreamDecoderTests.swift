import Foundation
import Testing
@testable import Formats

/// The pure-Swift JPEG decoder against real DICOM codestreams. Reference values come from pydicom
/// 3.0 with pylibjpeg-libjpeg (libjpeg 9 by T. Richter): lossless results must be identical (sum
/// and an FNV-1a hash of every sample); DCT results may differ by one grey level per sample, as
/// IDCT implementations round differently (measured: at most 1, on under 2% of samples).
@Suite struct JPEGCodestreamDecoderTests {
    // MARK: Lossless (process 14)

    @Test func losslessSixteenBitMatchesPydicomExactly() throws {
        // NM 1024 rows × 256 columns, 16-bit signed, predictor 1, two fragments. The reference is
        // pydicom's decode: JPEG2000_UNC.dcm next to it is not this image uncompressed but the
        // decoded *lossy* JPEG 2000 version ("JPEG 2000 irreversible (lossy) 2097:1"); 67% of
        // its samples differ.
        let samples = try JPEGCodestreamDecoder.decode(try Self.codestream("pydicom-data-1.0.0_wheel/JPEG-LL.dcm"))
        #expect(samples.width == 256 && samples.height == 1024 && samples.components == 1 && samples.precision == 16)
        #expect(samples.values.count == 256 * 1024)
        #expect(Self.sum(samples.values) == 3_596_452)
        #expect(Self.fnv1a(samples.values) == 0xFB85_47FB_401A_1AB5)
        #expect(samples.values[131_149] == 41)
    }

    @Test func losslessEightBitMatchesPydicomExactly() throws {
        let samples = try JPEGCodestreamDecoder.decode(try Self.codestream("pydicom-data-1.0.0_wheel/JPGLosslessP14SV1_1s_1f_8b.dcm"))
        #expect(samples.width == 1024 && samples.height == 768 && samples.components == 1 && samples.precision == 8)
        #expect(Self.sum(samples.values) == 13_572_107)
        #expect(Self.fnv1a(samples.values) == 0x666C_353F_3689_52A6)
        #expect(samples.values.allSatisfy { $0 <= 255 })
    }

    @Test func losslessTwelveBitPredictorSevenMatchesPydicomExactly() throws {
        // TS .57: MR 1024×1024, 12-bit, predictor 7 (the average of Ra and Rb).
        let stream = try Self.codestream("pylibjpeg-data_github/JPEGLossless_1s_1f_u_16_12.dcm")
        let start = Date()
        let samples = try JPEGCodestreamDecoder.decode(stream)
        let milliseconds = Date().timeIntervalSince(start) * 1000
        print("JPEGCodestreamDecoder: 1024×1024 12-bit lossless in \(Int(milliseconds)) ms (this build)")
        #expect(samples.width == 1024 && samples.height == 1024 && samples.components == 1 && samples.precision == 12)
        #expect(Self.sum(samples.values) == 78_730_838)
        #expect(Self.fnv1a(samples.values) == 0x5B78_F39E_5B95_D7E0)
        #expect(samples.values[524_365] == 6)
        #expect(samples.values.max() == 595)
    }

    @Test(arguments: 1...7)
    func everyPredictorRoundTrips(predictor: Int) throws {
        let builder = LosslessJPEGBuilder(width: 37, height: 23, precision: 12,
                                          planes: [Self.syntheticPlane(width: 37, height: 23, precision: 12, seed: UInt64(predictor))],
                                          predictor: predictor)
        let samples = try JPEGCodestreamDecoder.decode(builder.make())
        #expect(samples.width == 37 && samples.height == 23 && samples.precision == 12)
        #expect(samples.values == builder.expected)
    }

    @Test func restartIntervalsAndPointTransformRoundTrip() throws {
        // 13 lines in intervals of 3: four RST markers, the last interval short; Pt 2 of 10 bits.
        for predictor in [1, 4, 6] {
            let builder = LosslessJPEGBuilder(width: 19, height: 13, precision: 10,
                                              planes: [Self.syntheticPlane(width: 19, height: 13, precision: 10, seed: 42)],
                                              predictor: predictor, pointTransform: 2, restartLines: 3)
            let samples = try JPEGCodestreamDecoder.decode(builder.make())
            #expect(samples.values == builder.expected, "predictor \(predictor)")
        }
    }

    @Test func sixteenBitExtremesUseDifferenceCategorySixteen() throws {
        // Jumps of exactly 32768 are category 16 (no extra bits); the rest spans every category.
        var plane: [UInt16] = []
        for index in 0..<(16 * 9) {
            switch index % 4 {
            case 0: plane.append(0)
            case 1: plane.append(32_768)
            case 2: plane.append(65_535)
            default: plane.append(UInt16(truncatingIfNeeded: index &* 7_919))
            }
        }
        for predictor in [1, 2, 5, 7] {
            let builder = LosslessJPEGBuilder(width: 16, height: 9, precision: 16, planes: [plane], predictor: predictor, restartLines: 4)
            let samples = try JPEGCodestreamDecoder.decode(builder.make())
            #expect(samples.values == builder.expected, "predictor \(predictor)")
        }
    }

    @Test func threeComponentsInterleavedAndInSeparateScans() throws {
        let planes = (0..<3).map { Self.syntheticPlane(width: 21, height: 11, precision: 8, seed: UInt64(10 + $0)) }
        for interleaved in [true, false] {
            let builder = LosslessJPEGBuilder(width: 21, height: 11, precision: 8, planes: planes, predictor: 5,
                                              restartLines: interleaved ? 2 : 0, interleaved: interleaved)
            let samples = try JPEGCodestreamDecoder.decode(builder.make())
            #expect(samples.components == 3)
            #expect(samples.values == builder.expected, "interleaved \(interleaved)")
        }
    }

    @Test func twoBitPrecisionRoundTrips() throws {
        let builder = LosslessJPEGBuilder(width: 9, height: 5, precision: 2,
                                          planes: [Self.syntheticPlane(width: 9, height: 5, precision: 2, seed: 3)], predictor: 3)
        #expect(try JPEGCodestreamDecoder.decode(builder.make()).values == builder.expected)
    }

    // MARK: Sequential DCT

    @Test func extendedTwelveBitIsWithinOneGreyLevelOfLibjpeg() throws {
        // SOF1, 12-bit NM 1024×256. libjpeg: mean 14.3830, sum 3 770 427.
        let samples = try JPEGCodestreamDecoder.decode(try Self.codestream("pydicom-3.0.2_wheel/JPGExtended.dcm"))
        #expect(samples.width == 256 && samples.height == 1024 && samples.components == 1 && samples.precision == 12)
        let mean = Double(Self.sum(samples.values)) / Double(samples.values.count)
        #expect(abs(mean - 14.383_037_567) < 0.05)
        let reference: [(Int, UInt16)] = [(35_975, 90), (41_354, 97), (54_412, 106), (59_000, 95), (62_855, 119),
                                          (71_049, 91), (107_406, 226), (160_671, 89)]
        for (index, value) in reference {
            #expect(abs(Int(samples.values[index]) - Int(value)) <= 1, "sample \(index)")
        }
        #expect(samples.values.allSatisfy { $0 <= 4_095 })
    }

    @Test func extendedTenBitComputedRadiographyIsWithinOneGreyLevelOfLibjpeg() throws {
        // CR hip 1760×2140 coded at 12 bits (10 stored), four fragments. libjpeg: mean 450.8996.
        let samples = try JPEGCodestreamDecoder.decode(try Self.codestream("pylibjpeg-data_github/RG2_JPLY_fixed.dcm"))
        #expect(samples.width == 1760 && samples.height == 2140 && samples.precision == 12)
        let mean = Double(Self.sum(samples.values)) / Double(samples.values.count)
        #expect(abs(mean - 450.899_620_593) < 0.05)
        let reference: [(Int, UInt16)] = [(0, 894), (535_641, 699), (994_746, 688), (1_427_646, 429), (1_813_000, 643),
                                          (2_172_061, 604), (2_689_416, 856), (3_766_399, 894)]
        for (index, value) in reference {
            #expect(abs(Int(samples.values[index]) - Int(value)) <= 1, "sample \(index)")
        }
    }

    @Test func eightBitBaselineDecodesAsAFallback() throws {
        let grey = try JPEGCodestreamDecoder.decode(try Self.codestream("pylibjpeg-data_github/JPEGBaseline_1s_1f_u_08_08.dcm"))
        #expect(grey.width == 100 && grey.height == 100 && grey.components == 1 && grey.precision == 8)
        #expect(abs(Double(Self.sum(grey.values)) / 10_000 - 127.71) < 0.1)
        // YCbCr 4:2:0 stays YCbCr; chroma is replicated, so only luma is compared with libjpeg.
        let colour = try JPEGCodestreamDecoder.decode(try Self.codestream("pylibjpeg-data_github/SC_rgb_dcmtk_+eb+cy+np.dcm"))
        #expect(colour.width == 100 && colour.height == 100 && colour.components == 3)
        let luma = stride(from: 0, to: colour.values.count, by: 3).map { colour.values[$0] }
        #expect(luma[5 * 100 + 5] == 76)
        #expect(abs(Double(Self.sum(luma)) / 10_000 - 127.69) < 0.1)
    }

    @Test func dctRestartIntervalsAndSubsampledInterleavingAreExact() throws {
        // DC-only blocks decode to exact levels, so geometry and restarts are checked sample by sample.
        let luma = DCTJPEGBuilder.Component(horizontal: 2, vertical: 2), chroma = DCTJPEGBuilder.Component(horizontal: 1, vertical: 1)
        let cases = [
            DCTJPEGBuilder(width: 45, height: 29, components: [chroma], restartInterval: 5),
            DCTJPEGBuilder(width: 45, height: 29, components: [luma]),
            DCTJPEGBuilder(width: 45, height: 29, components: [luma, chroma, chroma], restartInterval: 3),
            DCTJPEGBuilder(width: 33, height: 17, components: [DCTJPEGBuilder.Component(horizontal: 2, vertical: 1), chroma, chroma],
                           restartInterval: 1),
        ]
        for builder in cases {
            let samples = try JPEGCodestreamDecoder.decode(builder.make())
            #expect(samples.width == builder.width && samples.height == builder.height && samples.precision == 12)
            #expect(samples.components == builder.components.count)
            #expect(samples.values == builder.expected, "\(builder.components.count) components, restart \(builder.restartInterval)")
        }
    }

    @Test func missingRestartMarkerIsAnError() throws {
        let stream = DCTJPEGBuilder(width: 45, height: 29, components: [DCTJPEGBuilder.Component(horizontal: 1, vertical: 1)],
                                    restartInterval: 5).make()
        let marker = try #require((2..<(stream.count - 1)).first { stream[$0] == 0xFF && stream[$0 + 1] == 0xD1 })
        var renumbered = stream
        renumbered[marker + 1] = 0xD5
        #expect { try JPEGCodestreamDecoder.decode(renumbered) } throws: { ($0 as? DecodeError)?.code == .corruptImage }
    }

    // MARK: Damaged and unsupported codestreams

    @Test func truncatedCodestreamsThrow() throws {
        for name in ["pydicom-data-1.0.0_wheel/JPEG-LL.dcm", "pydicom-3.0.2_wheel/JPGExtended.dcm"] {
            let stream = try Self.codestream(name)
            for cut in [1, 3, 20, 60, stream.count / 3, stream.count / 2, stream.count - 40] {
                #expect(throws: DecodeError.self, "\(name) cut at \(cut)") { try JPEGCodestreamDecoder.decode(stream.prefix(cut)) }
            }
            #expect { try JPEGCodestreamDecoder.decode(stream.prefix(stream.count / 2)) } throws: {
                ($0 as? DecodeError)?.code == .corruptImage && ($0 as? DecodeError)?.decoder == "dicom-jpeg"
            }
        }
    }

    @Test func corruptedHuffmanTablesThrow() throws {
        let stream = try Self.codestream("pydicom-data-1.0.0_wheel/JPEG-LL.dcm")
        let table = try #require(Self.firstSegment(0xC4, in: stream))  // index of the class/slot byte
        let symbols = (1...16).reduce(0) { $0 + Int(stream[table + $1]) }
        // Over-subscribed: two 1-bit codes fill the code space, the rest cannot fit.
        var overfull = stream
        for length in 1...16 { overfull[table + length] = 0 }
        overfull[table + 1] = 2
        overfull[table + 16] = UInt8(symbols - 2)
        #expect { try JPEGCodestreamDecoder.decode(overfull) } throws: { ($0 as? DecodeError)?.code == .corruptImage }
        // Valid table, wrong codes: every symbol 4 bits long, so the coded bits stop matching.
        var mismatched = stream
        for length in 1...16 { mismatched[table + length] = 0 }
        mismatched[table + 4] = UInt8(symbols)
        #expect { try JPEGCodestreamDecoder.decode(mismatched) } throws: { ($0 as? DecodeError)?.code == .corruptImage }
        // Scan data with no Huffman table at all.
        var missing = stream
        missing[table - 3] = 0xFE  // DHT becomes a COM segment
        #expect { try JPEGCodestreamDecoder.decode(missing) } throws: { ($0 as? DecodeError)?.code == .corruptImage }
    }

    @Test func randomByteMutationsNeverCrash() throws {
        // Every mutation must decode or throw DecodeError; half of them hit the headers. The
        // lossless frame is cut to its first 256 of 1024 lines (the rest of the data is then
        // skipped as trailing bytes) so that 200 decodes stay quick in debug builds.
        var lossless = try Self.codestream("pydicom-data-1.0.0_wheel/JPEG-LL.dcm")
        let frame = try #require(Self.firstSegment(0xC3, in: lossless))
        lossless[frame + 1] = 0x01
        lossless[frame + 2] = 0x00
        #expect(try JPEGCodestreamDecoder.decode(lossless).height == 256)
        let dct = try Self.codestream("pydicom-3.0.2_wheel/JPGExtended.dcm")
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        var outcomes = (decoded: 0, failed: 0)
        for (stream, rounds) in [(lossless, 200), (dct, 100)] {
            for round in 0..<rounds {
                var mutated = stream
                for _ in 0...next(3) {
                    let index = round % 2 == 0 ? next(min(200, mutated.count)) : next(mutated.count)
                    mutated[index] = UInt8(next(256))
                }
                do {
                    let samples = try JPEGCodestreamDecoder.decode(mutated)
                    #expect(samples.values.count == samples.width * samples.height * samples.components)
                    outcomes.decoded += 1
                } catch {
                    outcomes.failed += 1
                }
            }
        }
        #expect(outcomes.decoded + outcomes.failed == 300)
    }

    @Test func unsupportedProcessesSayWhy() throws {
        let stream = try Self.codestream("pydicom-3.0.2_wheel/JPGExtended.dcm")
        let frame = try #require(Self.firstSegment(0xC1, in: stream))
        for marker: UInt8 in [0xC2, 0xC9, 0xC5] {
            var changed = stream
            changed[frame - 3] = marker
            #expect { try JPEGCodestreamDecoder.decode(changed) } throws: { ($0 as? DecodeError)?.code == .unsupportedImage }
        }
    }

    @Test func imageLimitsAreCheckedFromTheHeader() throws {
        let stream = try Self.codestream("pylibjpeg-data_github/JPEGLossless_1s_1f_u_16_12.dcm")
        #expect { try JPEGCodestreamDecoder.decode(stream, limits: ImageLimits(maxPixels: 1_000_000)) } throws: {
            ($0 as? DecodeError)?.code == .imageTooLarge
        }
    }

    @Test func notAJPEGThrows() {
        #expect(throws: DecodeError.self) { try JPEGCodestreamDecoder.decode([UInt8]()) }
        #expect(throws: DecodeError.self) { try JPEGCodestreamDecoder.decode(Array("not a codestream".utf8)) }
        #expect(throws: DecodeError.self) { try JPEGCodestreamDecoder.decode([0xFF, 0xD8, 0xFF, 0xD9]) }
    }

    // MARK: Helpers

    /// Frame 1's codestream from a single-frame file: the fragments after the basic offset table
    /// of the encapsulated Pixel Data (7FE0,0010 OB, undefined length), joined.
    static func codestream(_ name: String) throws -> [UInt8] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let file = [UInt8](try Data(contentsOf: folder.appendingPathComponent("DICOM/\(name)")))
        let header: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x42, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]
        let start = try #require((0...(file.count - header.count)).first { file[$0..<($0 + header.count)].elementsEqual(header) })
        var offset = start + header.count
        var fragments: [[UInt8]] = []
        while offset + 8 <= file.count, file[offset] == 0xFE, file[offset + 1] == 0xFF, file[offset + 2] == 0x00, file[offset + 3] == 0xE0 {
            let length = (0..<4).reduce(0) { $0 | Int(file[offset + 4 + $1]) << (8 * $1) }
            fragments.append(Array(file[(offset + 8)..<min(file.count, offset + 8 + length)]))
            offset += 8 + length
        }
        try #require(fragments.count >= 2)
        return Array(fragments.dropFirst().joined())
    }

    /// The index just past the length field of the first segment with this marker.
    static func firstSegment(_ marker: UInt8, in stream: [UInt8]) -> Int? {
        var offset = 2
        while offset + 4 <= stream.count, stream[offset] == 0xFF {
            if stream[offset + 1] == marker { return offset + 4 }
            offset += 2 + (Int(stream[offset + 2]) << 8 | Int(stream[offset + 3]))
        }
        return nil
    }

    static func sum(_ values: [UInt16]) -> Int { values.reduce(0) { $0 + Int($1) } }

    /// FNV-1a over the samples as little-endian 16-bit words, as the reference script hashed them.
    static func fnv1a(_ values: [UInt16]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in values {
            hash = (hash ^ UInt64(value & 0xFF)) &* 0x0000_0100_0000_01B3
            hash = (hash ^ UInt64(value >> 8)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A smooth ramp with seeded noise, so the differences cover small and large categories.
    static func syntheticPlane(width: Int, height: Int, precision: Int, seed: UInt64) -> [UInt16] {
        let maximum = (1 << precision) - 1
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<(width * height)).map { index in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let ramp = (index % width) * maximum / max(1, width - 1) / 2 + (index / width) * maximum / max(1, height - 1) / 4
            let noise = Int(state % UInt64(max(1, maximum / 8 + 1)))
            return UInt16(min(maximum, ramp + noise))
        }
    }
}
