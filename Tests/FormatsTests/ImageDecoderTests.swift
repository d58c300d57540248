import Foundation
import Testing
@testable import Formats

@Suite struct PNGDecoderTests {
    @Test func decodesSixteenBitGreyExactly() throws {
        let samples = (0..<(5 * 3)).map { $0 * 4_000 + 17 }
        let image = try PNGDecoder().decode(PNGBuilder.make(width: 5, height: 3, bitDepth: 16, colourType: 0, samples: samples))
        #expect(image.width == 5 && image.height == 3 && image.bitsPerSample == 16)
        #expect(image.photometric == "MONOCHROME2")
        #expect(image.pixels == .sixteen(samples.map { UInt16($0) }))
    }

    @Test func decodesEightBitGreyExactly() throws {
        let samples = (0..<(4 * 4)).map { $0 * 15 }
        let image = try PNGDecoder().decode(PNGBuilder.make(width: 4, height: 4, bitDepth: 8, colourType: 0, samples: samples))
        #expect(image.bitsPerSample == 8)
        #expect(image.pixels == .eight(samples.map { UInt8($0) }))
    }

    @Test func convertsRGBAndRGBAToGrey() throws {
        // A grey RGB pixel stays that grey; pure white stays white.
        let rgb = try PNGDecoder().decode(PNGBuilder.make(width: 2, height: 1, bitDepth: 8, colourType: 2,
                                                          samples: [128, 128, 128, 255, 255, 255]))
        #expect(rgb.photometric == "RGB")
        #expect(rgb.pixels == .eight([128, 255]))
        let rgba = try PNGDecoder().decode(PNGBuilder.make(width: 1, height: 1, bitDepth: 8, colourType: 6,
                                                           samples: [200, 200, 200, 255]))
        #expect(rgba.photometric == "RGBA")
        #expect(rgba.pixels == .eight([200]))
    }

    @Test func roundTripsThroughTheEncoder() throws {
        let pixels = (0..<(32 * 8)).map { UInt16(($0 * 257) & 0xFFFF) }
        let data = Data(try PNGEncoder.encodeGray16(pixels, width: 32, height: 8))
        #expect(try PNGDecoder().decode(data).pixels == .sixteen(pixels))
    }

    @Test func refusesTruncatedFiles() throws {
        let data = PNGBuilder.make(width: 64, height: 64, bitDepth: 16, colourType: 0, samples: Array(repeating: 1, count: 64 * 64))
        for cut in [20, 40, data.count / 2, data.count - 13] {
            #expect(throws: DecodeError.self) { try PNGDecoder().decode(data.prefix(cut)) }
        }
    }

    @Test func refusesWhatIsNotAPNG() {
        #expect { try PNGDecoder().decode(Data("hello, not an image".utf8)) } throws: {
            ($0 as? DecodeError)?.code == .notAnImage
        }
    }

    /// A chunk longer than the file (fuzzing found a 200-byte PNG declaring a 1.8 GB tEXt chunk, which
    /// libpng allocated before reading) is refused before libpng sees it.
    @Test func refusesAChunkLongerThanTheFile() throws {
        var good = PNGBuilder.make(width: 4, height: 2, bitDepth: 8, colourType: 0, samples: Array(repeating: 7, count: 8))
        #expect(try PNGDecoder().decode(good).width == 4)
        // A tEXt chunk declaring 0x6AB30018 bytes, inserted after IHDR (8 + 25 bytes).
        good.insert(contentsOf: [0x6A, 0xB3, 0x00, 0x18] + Array("tEXt".utf8) + Array("Comment".utf8), at: 33)
        #expect { try PNGDecoder().decode(good) } throws: {
            ($0 as? DecodeError)?.code == .truncatedImage && ($0 as? DecodeError)?.message.contains("tEXt") == true
        }
    }

    @Test func refusesOversizedImagesFromTheHeaderAlone() throws {
        // The header claims 100000×100000; the pixel data is absent. No allocation may happen.
        var header = PNGBuilder.bigEndian(100_000) + PNGBuilder.bigEndian(100_000)
        header += [16, 0, 0, 0, 0]
        let data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + PNGBuilder.chunk("IHDR", header))
        #expect { try PNGDecoder().decode(data) } throws: { ($0 as? DecodeError)?.code == .imageTooLarge }
        let small = PNGBuilder.make(width: 40, height: 10, bitDepth: 8, colourType: 0, samples: Array(repeating: 0, count: 400))
        #expect { try PNGDecoder(limits: ImageLimits(maxPixels: 399, maxSide: 100)).decode(small) } throws: {
            ($0 as? DecodeError)?.code == .imageTooLarge
        }
        #expect { try PNGDecoder(limits: ImageLimits(maxPixels: 10_000, maxSide: 39)).decode(small) } throws: {
            ($0 as? DecodeError)?.code == .imageTooLarge
        }
    }
}

@Suite struct JPEGDecoderTests {
    static let pixels: [UInt8] = (0..<(48 * 32)).map { UInt8(($0 % 48) * 5) }

    @Test func decodesGreyJPEG() throws {
        let data = try JPEGEncoder.encode(grey: Self.pixels, width: 48, height: 32, quality: 95)
        let image = try JPEGDecoder().decode(data)
        #expect(image.width == 48 && image.height == 32 && image.bitsPerSample == 8 && image.photometric == "MONOCHROME2")
        guard case .eight(let decoded) = image.pixels else { Issue.record("expected 8-bit pixels"); return }
        let worst = zip(decoded, Self.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 8, "lossy, but close: worst error \(worst)")
    }

    @Test func refusesTruncatedJPEG() throws {
        let data = try JPEGEncoder.encode(grey: Self.pixels, width: 48, height: 32)
        for cut in [3, 100, data.count / 2, data.count - 2] {
            #expect(throws: DecodeError.self) { try JPEGDecoder().decode(data.prefix(cut)) }
        }
    }

    @Test func refusesOversizedAndNonJPEG() throws {
        let data = try JPEGEncoder.encode(grey: Self.pixels, width: 48, height: 32)
        #expect { try JPEGDecoder(limits: ImageLimits(maxPixels: 100, maxSide: 100)).decode(data) } throws: {
            ($0 as? DecodeError)?.code == .imageTooLarge
        }
        #expect { try JPEGDecoder().decode(Data([0x89, 0x50, 0x4E, 0x47])) } throws: { ($0 as? DecodeError)?.code == .notAnImage }
    }
}
