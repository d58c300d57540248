import Foundation
import Testing
@testable import Formats

/// The C-library codecs (openjp2, CharLS, libjpeg) on real DICOM codestreams, checked against the
/// uncompressed twins the fixtures carry, and on damaged ones: truncated, corrupt or randomly
/// mutated data must throw, never crash or hang.
///
/// Reference checksums are FNV-1a 64 over the samples as little-endian UInt16, computed with
/// pydicom 3.0.2 + pylibjpeg-openjpeg 2.6.0 / pylibjpeg-libjpeg 2.5.0 (a scratch venv, not part of
/// the repository).
@Suite struct ImageCodecsTests {
    static let limits = ImageLimits()

    // MARK: Lossless twins

    @Test func jpeg2000LosslessMatchesTheNativeTwin() throws {
        let codestream = try Self.codestream("pydicom-3.0.2_wheel/MR_small_jp2klossless.dcm")
        let header = try JPEG2000Codec.header(codestream)
        #expect(header == JPEG2000Codec.Header(width: 64, height: 64, components: 1, precision: 16, isSigned: true))
        let samples = try JPEG2000Codec.decode(codestream, limits: Self.limits)
        #expect(samples.width == 64 && samples.height == 64 && samples.components == 1 && samples.precision == 16)
        #expect(samples.values == (try Self.mrSmallNative()))
    }

    @Test func jpegLSLosslessMatchesTheNativeTwin() throws {
        let codestream = try Self.codestream("pydicom-3.0.2_wheel/MR_small_jpeg_ls_lossless.dcm")
        let header = try JPEGLSCodec.header(codestream)
        #expect(header.nearLossless == 0 && header.precision == 16 && header.components == 1)
        let samples = try JPEGLSCodec.decode(codestream, limits: Self.limits)
        #expect(samples.width == 64 && samples.height == 64 && samples.components == 1 && samples.precision == 16)
        #expect(samples.values == (try Self.mrSmallNative()))
    }

    /// Line-interleaved 8-bit RGB, NEAR = 2: every sample within NEAR of the uncompressed original,
    /// which also proves CharLS's line-interleaved output is read back pixel by pixel.
    @Test func jpegLSNearLosslessStaysWithinNEAR() throws {
        let codestream = try Self.codestream("pydicom-3.0.2_wheel/SC_rgb_jls_lossy_line.dcm")
        let header = try JPEGLSCodec.header(codestream)
        #expect(header.nearLossless == 2 && header.interleaveMode == 1 && header.components == 3 && header.precision == 8)
        let samples = try JPEGLSCodec.decode(codestream, limits: Self.limits)
        let original = try Self.nativePixelData("pydicom-data-1.0.0_wheel/SC_rgb.dcm", length: 30_000).map { UInt16($0) }
        #expect(samples.width == 100 && samples.height == 100 && samples.components == 3 && samples.precision == 8)
        #expect(samples.values.count == original.count)
        let worst = zip(samples.values, original).map { abs(Int($0) - Int($1)) }.max() ?? .max
        #expect(worst <= header.nearLossless)
        #expect(worst > 0, "a lossy stream that decodes to the original exactly would hide a mix-up of files")
    }

    // MARK: Lossy JPEG 2000

    /// RG1_J2KI is irreversible (9/7) JPEG 2000; its checksum is pylibjpeg-openjpeg's decode. The
    /// uncompressed RG1_UNCI twin (10 MB, only in the shared data folder, so compared only when that
    /// folder exists) was made from this decode and matches it sample for sample.
    @Test func jpeg2000LossyDecodesTheRG1Radiograph() throws {
        let codestream = try Self.codestream("pydicom-data-1.0.0_wheel/RG1_J2KI.dcm")
        let samples = try JPEG2000Codec.decode(codestream, limits: Self.limits)
        #expect(samples.width == 1841 && samples.height == 1955 && samples.components == 1 && samples.precision == 15)
        #expect(Self.fnv1a(samples.values) == 0x5C20_4463_1F28_C8F8)
        #expect(Array(samples.values.prefix(3)) == [18876, 18518, 18810])
        let twin = DICOMFixtures.sharedFolder.appendingPathComponent("pydicom-data-1.0.0_wheel/RG1_UNCI.dcm")
        if FileManager.default.fileExists(atPath: twin.path) {
            let bytes = try Self.nativePixelData(at: twin, length: 1841 * 1955 * 2)
            #expect(samples.values == Self.littleEndianWords(bytes))
        }
    }

    @Test func jpeg2000GivesTheSameSamplesOnSeveralThreads() throws {
        let codestream = try Self.codestream("pydicom-data-1.0.0_wheel/RG1_J2KI.dcm")
        let one = try JPEG2000Codec.decode(codestream, limits: Self.limits, threads: 1)
        let four = try JPEG2000Codec.decode(codestream, limits: Self.limits, threads: 4)
        #expect(one == four)
    }

    /// 966_fixed.dcm (2128×2000, 12-bit lossless J2K) lives only in the shared data folder; the test
    /// checks its checksum there and prints the single-thread decode time (debug build).
    @Test func jpeg2000LosslessLargeRadiographWhenShared() throws {
        let url = DICOMFixtures.sharedFolder.appendingPathComponent("pylibjpeg-data_github/966_fixed.dcm")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let codestream = try Self.codestream(at: url)
        let clock = ContinuousClock()
        var samples: PixelSamples?
        let elapsed = try clock.measure { samples = try JPEG2000Codec.decode(codestream, limits: Self.limits) }
        print("966_fixed.dcm: JPEG 2000 decode on one thread took \(elapsed)")
        #expect(samples?.width == 2000 && samples?.height == 2128 && samples?.precision == 12)
        #expect(samples.map { Self.fnv1a($0.values) } == 0x58E3_46D8_458B_6388)
    }

    // MARK: 8-bit JPEG

    /// The sum is libjpeg-turbo's (accurate integer IDCT); pylibjpeg-libjpeg rounds 100 of the
    /// 10 000 pixels one higher (sum 1 277 100), the spread IDCTs are allowed.
    @Test func eightBitBaselineDecodesGrey() throws {
        let codestream = try Self.codestream("pylibjpeg-data_github/JPEGBaseline_1s_1f_u_08_08.dcm")
        let samples = try JPEGBaselineCodec.decode(codestream, limits: Self.limits)
        #expect(samples.width == 100 && samples.height == 100 && samples.components == 1 && samples.precision == 8)
        #expect(samples.values.count == 10_000)
        #expect(Array(samples.values.prefix(5)) == [76, 76, 76, 76, 76])
        #expect(samples.values.reduce(0) { $0 + Int($1) } == 1_277_000)
    }

    /// YBR_FULL_422 baseline: as coded the first (pure red) pixel is Y Cb Cr ≈ 76 85 255; converted,
    /// the image is close to the uncompressed RGB original (chroma subsampling blurs the edges).
    @Test func colourBaselineKeepsYCbCrUnlessAskedForRGB() throws {
        let codestream = try Self.codestream("pylibjpeg-data_github/SC_rgb_dcmtk_+eb+cy+np.dcm")
        let coded = try JPEGBaselineCodec.decode(codestream, limits: Self.limits)
        #expect(coded.components == 3 && coded.precision == 8)
        #expect(Array(coded.values.prefix(3)) == [76, 85, 255])
        let rgb = try JPEGBaselineCodec.decode(codestream, limits: Self.limits, convertToRGB: true)
        let original = try Self.nativePixelData("pydicom-data-1.0.0_wheel/SC_rgb.dcm", length: 30_000)
        #expect(rgb.values.count == original.count)
        let meanError = Double(zip(rgb.values, original).map { abs(Int($0) - Int($1)) }.reduce(0, +)) / Double(original.count)
        #expect(meanError < 4, "mean error \(meanError)")
        #expect(zip(rgb.values.prefix(3), [255, 0, 0]).allSatisfy { abs(Int($0) - $1) <= 2 }, "\(rgb.values.prefix(3))")
    }

    @Test func twelveBitAndLosslessJPEGAreUnsupportedByLibjpeg() throws {
        for path in ["pydicom-3.0.2_wheel/JPGExtended.dcm", "pydicom-data-1.0.0_wheel/JPEG-LL.dcm"] {
            let codestream = try Self.codestream(path)
            let error = #expect(throws: DecodeError.self) { try JPEGBaselineCodec.decode(codestream, limits: Self.limits) }
            #expect(error?.code == .unsupportedImage, "\(path): \(String(describing: error))")
            #expect(error?.decoder == JPEGBaselineCodec.name)
        }
    }

    // MARK: Damaged data

    /// The file's DICOM structure is sound; its J2K SIZ segment is not (pydicom fails on it too).
    @Test func corruptJPEG2000CodestreamIsCorruptImage() throws {
        let codestream = try Self.codestream("pydicom-3.0.2_wheel/JPEG2000-embedded-sequence-delimiter.dcm")
        let error = #expect(throws: DecodeError.self) { try JPEG2000Codec.decode(codestream, limits: Self.limits) }
        #expect(error?.code == .corruptImage)
        #expect(error?.decoder == "dicom-jpeg2000")
        #expect(error?.message.hasPrefix("openjp2: ") == true)
        #expect(error?.message.contains("tiles") == true, "openjp2's own words are kept: \(String(describing: error))")
    }

    @Test(arguments: [
        ("pydicom-3.0.2_wheel/MR_small_jp2klossless.dcm", Codec.jpeg2000),
        ("pydicom-data-1.0.0_wheel/RG1_J2KI.dcm", Codec.jpeg2000),
        ("pydicom-3.0.2_wheel/JPEG2000.dcm", Codec.jpeg2000),
        ("pydicom-3.0.2_wheel/MR_small_jpeg_ls_lossless.dcm", Codec.jpegLS),
        ("pydicom-3.0.2_wheel/SC_rgb_jls_lossy_line.dcm", Codec.jpegLS),
        ("pylibjpeg-data_github/JPEGBaseline_1s_1f_u_08_08.dcm", Codec.jpeg),
        ("pylibjpeg-data_github/SC_rgb_dcmtk_+eb+cy+np.dcm", Codec.jpeg),
    ])
    func truncatedCodestreamsThrow(path: String, codec: Codec) throws {
        let codestream = try Self.codestream(path)
        #expect(throws: Never.self) { try codec.decode(codestream) }
        // Everything but the end-of-image (EOC/EOI) marker and DICOM's zero padding.
        var unterminated = codestream
        while unterminated.last == 0 { unterminated.removeLast() }
        #expect(unterminated.suffix(2) == [0xFF, 0xD9])
        unterminated.removeLast(2)
        let cuts = [0.5, 0.9, 0.99].map { ("cut to \($0)", Array(codestream.prefix(Int(Double(codestream.count) * $0)))) }
            + [("without its end marker", unterminated)]
        for (label, cut) in cuts {
            let clock = ContinuousClock()
            let start = clock.now
            let error = #expect(throws: DecodeError.self, "\(path) \(label)") { try codec.decode(cut) }
            #expect(error?.code == .corruptImage, "\(path) \(label): \(String(describing: error))")
            // CharLS 2.4.1 spins for seconds on a cut stream unless the shim stops it first.
            #expect(clock.now - start < .seconds(2), "\(path) \(label)")
        }
    }

    @Test func emptyAndForeignDataAreCorrupt() throws {
        let jpeg = try Self.codestream("pylibjpeg-data_github/JPEGBaseline_1s_1f_u_08_08.dcm")
        for codec in [Codec.jpeg2000, .jpegLS, .jpeg] {
            for data in [[], [0x00, 0x01, 0x02], Array(repeating: 0xFF, count: 64)] as [[UInt8]] {
                let error = #expect(throws: DecodeError.self) { try codec.decode(data) }
                #expect(error?.code == .corruptImage, "\(codec) on \(data.count) bytes: \(String(describing: error))")
            }
        }
        // A baseline JPEG where JPEG 2000 or JPEG-LS was promised.
        for codec in [Codec.jpeg2000, .jpegLS] {
            let error = #expect(throws: DecodeError.self) { try codec.decode(jpeg) }
            #expect(error?.code == .corruptImage, "\(codec): \(String(describing: error))")
        }
    }

    @Test func limitsAreCheckedBeforeDecoding() throws {
        let small = ImageLimits(maxPixels: 1_000, maxSide: 16_384)
        let cases: [(String, Codec)] = [
            ("pydicom-3.0.2_wheel/MR_small_jp2klossless.dcm", .jpeg2000),
            ("pydicom-3.0.2_wheel/MR_small_jpeg_ls_lossless.dcm", .jpegLS),
            ("pylibjpeg-data_github/JPEGBaseline_1s_1f_u_08_08.dcm", .jpeg),
        ]
        for (path, codec) in cases {
            let codestream = try Self.codestream(path)
            let error = #expect(throws: DecodeError.self) { try codec.decode(codestream, limits: small) }
            #expect(error?.code == .imageTooLarge, "\(path): \(String(describing: error))")
            #expect(error?.decoder == codec.name)
        }
    }

    /// 100 copies per codec with 1–8 random bytes replaced (half of them in the first 64 bytes,
    /// where the headers are): each decodes or throws a `DecodeError`; the process must survive.
    @Test(arguments: [
        ("pydicom-3.0.2_wheel/MR_small_jp2klossless.dcm", Codec.jpeg2000),
        ("pydicom-3.0.2_wheel/MR_small_jpeg_ls_lossless.dcm", Codec.jpegLS),
        ("pydicom-3.0.2_wheel/SC_rgb_jls_lossy_line.dcm", Codec.jpegLS),
        ("pylibjpeg-data_github/JPEGBaseline_1s_1f_u_08_08.dcm", Codec.jpeg),
    ])
    func randomMutationsNeverCrash(path: String, codec: Codec) throws {
        let original = try Self.codestream(path)
        var generator = SplitMix64(seed: 0xC0DEC + UInt64(original.count))
        var decoded = 0, refused = 0
        for _ in 0..<100 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let range = Bool.random(using: &generator) ? 0..<min(64, bytes.count) : 0..<bytes.count
                bytes[Int.random(in: range, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            do {
                let samples = try codec.decode(bytes)
                #expect(samples.values.count == samples.width * samples.height * samples.components)
                decoded += 1
            } catch {
                #expect([.corruptImage, .unsupportedImage, .imageTooLarge, .notAnImage].contains(error.code), "\(error)")
                refused += 1
            }
        }
        #expect(decoded + refused == 100)
    }

    // MARK: Helpers

    /// The codec under test, so table-driven tests can name one.
    enum Codec: Sendable, CustomStringConvertible {
        case jpeg2000, jpegLS, jpeg

        var name: String {
            switch self {
            case .jpeg2000: JPEG2000Codec.name
            case .jpegLS: JPEGLSCodec.name
            case .jpeg: JPEGBaselineCodec.name
            }
        }

        var description: String { name }

        func decode(_ data: [UInt8], limits: ImageLimits = ImageCodecsTests.limits) throws(DecodeError) -> PixelSamples {
            switch self {
            case .jpeg2000: try JPEG2000Codec.decode(data, limits: limits)
            case .jpegLS: try JPEGLSCodec.decode(data, limits: limits)
            case .jpeg: try JPEGBaselineCodec.decode(data, limits: limits)
            }
        }
    }

    static func url(_ path: String) throws -> URL {
        try #require(DICOMFixtures.url(path), "fixture \(path)")
    }

    /// A single-frame file's codestream, found without the parser under test: after the Pixel Data
    /// tag (7FE0,0010) with VR OB or OW and undefined length come Items (FFFE,E000) with 4-byte
    /// little-endian lengths: the Basic Offset Table (maybe empty), then fragments, concatenated up
    /// to the Sequence Delimiter (FFFE,E0DD).
    static func codestream(_ path: String) throws -> [UInt8] { try codestream(at: url(path)) }

    static func codestream(at url: URL) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: url))
        var position = try #require(pixelDataValueOffset(bytes, length: 0xFFFF_FFFF), "\(url.lastPathComponent): no encapsulated Pixel Data")
        var items: [[UInt8]] = []
        while position + 8 <= bytes.count {
            let tag = Array(bytes[position ..< position + 4])
            let length = Int(littleEndian32(bytes, at: position + 4))
            position += 8
            if tag == [0xFE, 0xFF, 0xDD, 0xE0] { break }
            try #require(tag == [0xFE, 0xFF, 0x00, 0xE0] && position + length <= bytes.count, "bad item in \(url.lastPathComponent)")
            items.append(Array(bytes[position ..< position + length]))
            position += length
        }
        try #require(items.count >= 2, "\(url.lastPathComponent): no fragments")
        return Array(items.dropFirst().joined())
    }

    /// Native Pixel Data of the given length, found by its explicit-VR element header.
    static func nativePixelData(_ path: String, length: Int) throws -> [UInt8] { try nativePixelData(at: url(path), length: length) }

    static func nativePixelData(at url: URL, length: Int) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: url))
        let start = try #require(pixelDataValueOffset(bytes, length: UInt32(length)), "\(url.lastPathComponent): no \(length)-byte Pixel Data")
        return Array(bytes[start ..< start + length])
    }

    /// MR_small.dcm's 64×64 signed 16-bit samples as bit patterns (its Pixel Data is not the last
    /// element, so it is found by its header rather than taken from the end of the file).
    static func mrSmallNative() throws -> [UInt16] {
        littleEndianWords(try nativePixelData("pydicom-3.0.2_wheel/MR_small.dcm", length: 8192))
    }

    /// Offset of the value of the last (7FE0,0010) OB/OW element with this 4-byte length.
    private static func pixelDataValueOffset(_ bytes: [UInt8], length: UInt32) -> Int? {
        guard bytes.count >= 12 else { return nil }
        for index in stride(from: bytes.count - 12, through: 0, by: -1)
        where bytes[index] == 0xE0 && bytes[index + 1] == 0x7F && bytes[index + 2] == 0x10 && bytes[index + 3] == 0x00
            && bytes[index + 4] == UInt8(ascii: "O") && (bytes[index + 5] == UInt8(ascii: "B") || bytes[index + 5] == UInt8(ascii: "W"))
            && bytes[index + 6] == 0 && bytes[index + 7] == 0 && littleEndian32(bytes, at: index + 8) == length {
            return index + 12
        }
        return nil
    }

    private static func littleEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
    }

    static func littleEndianWords(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
    }

    static func fnv1a(_ values: [UInt16]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in values {
            for byte in [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}
