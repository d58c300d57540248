import CZlib
import Foundation
import Formats
import Store
import Testing
@testable import Daemon
#if canImport(Glibc)
import Glibc
#endif

/// Hostile files through the real ingestor (issue 15): decompression bombs, deep nesting, a FIFO
/// swapped in under the reader. Serialized: the memory bound reads this process's peak RSS.
@Suite(.serialized) struct HostileInputIngestTests {
    /// How far the peak resident set may grow while a bomb is refused.
    static let memoryBound = 300 << 20

    @Test func decompressionBombsAreRefusedWithTheirCodesInBoundedMemoryAndTime() throws {
        let fixture = try IngestFixture()
        let files: [(name: String, data: Data)] = [
            ("png-header.png", HostileFiles.pngClaiming(width: 100_000, height: 100_000)),
            ("jpeg-sof.jpg", try HostileFiles.jpegClaiming(width: 65_000, height: 65_000)),
            ("deflated.dcm", try HostileFiles.deflatedDICOM(inflatingTo: 100 << 20)),
            ("idat.png", try HostileFiles.pngWithIDAT(width: 1_000, height: 1_000, inflatingTo: 256 << 20)),
        ]
        for file in files { #expect(file.data.count < 1 << 20, "\(file.name) is a small file (\(file.data.count) bytes)") }

        // Each decoder alone, from the header: refused at once.
        for (name, data, decode) in [
            ("png-header.png", files[0].data, { (data: Data) throws(DecodeError) in _ = try PNGDecoder().decode(data) }),
            ("jpeg-sof.jpg", files[1].data, { (data: Data) throws(DecodeError) in _ = try JPEGDecoder().decode(data) }),
        ] as [(String, Data, (Data) throws(DecodeError) -> Void)] {
            let started = Date()
            #expect { try decode(data) } throws: { ($0 as? DecodeError)?.code == .imageTooLarge }
            #expect(Date().timeIntervalSince(started) < 0.5, "\(name) is refused from its header")
        }

        let baseline = ProcessMemory.resetPeak()
        let started = Date()
        let paths = try files.map { try fixture.write($0.name, $0.data) }
        let outcome = try fixture.ingestor.ingest(paths)
        let elapsed = Date().timeIntervalSince(started)
        let growth = ProcessMemory.peak() - baseline
        let entries = Dictionary(uniqueKeysWithValues: outcome.quarantined.map { ($0.name, $0) })
        #expect(entries["png-header.png"]?.code == "image-too-large")
        #expect(entries["jpeg-sof.jpg"]?.code == "image-too-large")
        #expect(entries["deflated.dcm"]?.code == "malformed-dicom")
        #expect(entries["deflated.dcm"]?.reason.contains("inflates past") == true, "\(entries["deflated.dcm"]?.reason ?? "taken")")
        // The IDAT holds 256× the rows the header declares: libpng inflates only the rows it needs
        // (the rest is at most a warning), so the image is either taken at its declared size or refused.
        if let idat = entries["idat.png"] {
            #expect(["truncated-image", "not-an-image", "corrupt-image"].contains(idat.code), "\(idat.code): \(idat.reason)")
        } else {
            let image = try #require(try fixture.store.study("idat")?.images.first)
            #expect(image.width == 1_000 && image.height == 1_000)
        }
        #expect(growth < Self.memoryBound, "peak RSS grew by \(growth >> 20) MiB")
        #expect(elapsed < 10, "\(elapsed) s")
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() throws {
        let fixture = try IngestFixture()
        let depth = 100_000
        let deepXML = "<eCitation>" + String(repeating: "<a>", count: depth) + "<AbstractText Label=\"FINDINGS\">Deep.</AbstractText>"
            + String(repeating: "</a>", count: depth) + "</eCitation>"
        // Under libxml2's own nesting limit (256): taken, so the limit is not a blanket refusal.
        let shallowXML = "<eCitation>" + String(repeating: "<a>", count: 200) + "<AbstractText Label=\"FINDINGS\">Nested clear lungs.</AbstractText>"
            + String(repeating: "</a>", count: 200) + "</eCitation>"
        let deepJSON = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let deepJSONObject = "{\"resourceType\":\"DiagnosticReport\",\"conclusion\":\"x\",\"extension\":" + deepJSON + "}"
        try fixture.write("shallow/nested.xml", Data(shallowXML.utf8))
        let paths = [
            try fixture.write("deep.xml", Data(deepXML.utf8)),
            fixture.inbox.appendingPathComponent("shallow"),
            try fixture.write("deep-array.json", Data(deepJSON.utf8)),
            try fixture.write("deep-object.json", Data(deepJSONObject.utf8)),
            try fixture.write("deep.dcm", HostileFiles.nestedDICOM(depth: 10_000)),
        ]
        let outcome = try fixture.ingestor.ingest(paths)
        let codes = Dictionary(uniqueKeysWithValues: outcome.quarantined.map { ($0.name, $0.code) })
        #expect(codes["deep.xml"] == "malformed-xml")
        #expect(codes["deep-array.json"] != nil && codes["deep-object.json"] != nil, "\(codes)")
        #expect(codes["deep.dcm"] == "malformed-dicom")
        #expect(outcome.quarantined.first { $0.name == "deep.dcm" }?.reason.contains("nested more than") == true)
        #expect(codes["nested.xml"] == nil)
        #expect(try fixture.store.study("shallow")?.reports.first?.sections.first?.text == "Nested clear lungs.")
    }

    /// NAME_MAX is 255 bytes: a quarantine copy named after a long inbox name, plus `.reason.json`,
    /// used not to fit, and the failed entry failed the whole batch, every time it was retried.
    @Test func aLongNameIsQuarantinedAndTheRestOfTheBatchLands() throws {
        let fixture = try IngestFixture()
        let long = String(repeating: "é", count: 120) + ".txt"   // 244 bytes
        let paths = [try fixture.write(long, Data()), try fixture.write("fine.txt", Data("IMPRESSION: Normal.".utf8))]
        let outcome = try fixture.ingestor.ingest(paths)
        #expect(outcome.commit.reportsAdded == 1)
        let entry = try #require(outcome.quarantined.first)
        #expect(entry.name == long && entry.code == "empty-file")
        let quarantine = Quarantine(layout: fixture.store.layout)
        #expect(quarantine.list().map(\.name) == [long])
        let copy = try #require(quarantine.copyPath(of: entry))
        // Cut to 200 bytes at a character boundary: 100 two-byte characters.
        #expect(copy.lastPathComponent == String(repeating: "é", count: 100))
        #expect(try Data(contentsOf: copy).isEmpty)
    }

    /// The planner saw a regular file; by the time the reader opens it, it is a FIFO. A blocking
    /// `open` would wait for a writer forever, wedging the ingest queue.
    @Test func aFIFOSwappedInBeforeTheReadIsNeverWaitedOn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("report.txt")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // Should the read block, a writer shows up after 2 s so the test ends (and fails on time).
        let finished = ManagedFlag()
        let rescuer = Thread {
            usleep(2_000_000)
            while !finished.isSet {
                let fd = open(fifo.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
                if fd >= 0 { close(fd) }
                usleep(50_000)
            }
        }
        rescuer.start()
        let started = Date()
        let result = SafeFileReader(maxBytes: 1 << 20).read(fifo)
        finished.set()
        #expect(Date().timeIntervalSince(started) < 1, "the reader blocked on the FIFO for \(Date().timeIntervalSince(started)) s")
        guard case .failure(.notRegular) = result else {
            Issue.record("expected not-a-regular-file, got \(result)")
            return
        }
    }
}

/// A flag set once, read from another thread.
private final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// This process's resident set (VmRSS) and its peak (VmHWM), from /proc/self/status.
enum ProcessMemory {
    /// Resets the peak to the current resident set (Linux ≥ 4.0: `5` into clear_refs) and returns
    /// the current resident set in bytes.
    static func resetPeak() -> Int {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            _ = write(fd, "5", 1)
            close(fd)
        }
        return field("VmHWM")
    }

    /// The peak resident set in bytes.
    static func peak() -> Int { field("VmHWM") }

    private static func field(_ name: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes << 10
        }
        return 0
    }
}

/// Small files that claim, or inflate to, far more than they hold.
enum HostileFiles {
    /// A PNG signature and IHDR (8-bit grey) claiming `width`×`height`, and nothing else.
    static func pngClaiming(width: Int, height: Int) -> Data {
        Data(PNGChunks.signature + PNGChunks.chunk("IHDR", PNGChunks.be32(width) + PNGChunks.be32(height) + [8, 0, 0, 0, 0]))
    }

    /// A valid 8-bit grey PNG header for `width`×`height` whose single IDAT holds a zlib stream of
    /// `inflatingTo` zero bytes (the declared image is `height × (width + 1)` of them).
    static func pngWithIDAT(width: Int, height: Int, inflatingTo: Int) throws -> Data {
        let idat = try Deflate.zeros(count: inflatingTo, windowBits: MAX_WBITS)
        return Data(PNGChunks.signature + PNGChunks.chunk("IHDR", PNGChunks.be32(width) + PNGChunks.be32(height) + [8, 0, 0, 0, 0])
                    + PNGChunks.chunk("IDAT", idat) + PNGChunks.chunk("IEND", []))
    }

    /// A real baseline JPEG whose SOF0 is rewritten to claim `width`×`height`.
    static func jpegClaiming(width: Int, height: Int) throws -> Data {
        var bytes = [UInt8](try JPEGEncoder.encode(grey: Array(repeating: 128, count: 64), width: 8, height: 8))
        guard let sof = (0..<(bytes.count - 1)).first(where: { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }) else {
            throw HostileFileError(description: "the encoder wrote no SOF0 marker")
        }
        // FF C0, length (2), precision (1), height (2), width (2).
        bytes[sof + 5] = UInt8(height >> 8); bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8); bytes[sof + 8] = UInt8(width & 0xFF)
        return Data(bytes)
    }

    /// A Deflated Explicit VR Little Endian file (1.2.840.10008.1.2.1.99) whose data set is a raw
    /// deflate stream of `inflatingTo` zero bytes.
    static func deflatedDICOM(inflatingTo: Int) throws -> Data {
        DICOMBuilder().file(sopClass: "1.2.840.10008.5.1.4.1.1.1", transferSyntax: "1.2.840.10008.1.2.1.99")
            + Data(try Deflate.zeros(count: inflatingTo, windowBits: -MAX_WBITS))
    }

    /// An explicit VR little endian file whose data set is `depth` sequences of undefined length,
    /// each holding one item holding the next.
    static func nestedDICOM(depth: Int) -> Data {
        let open: [UInt8] = [0x40, 0x00, 0x30, 0xA7] + Array("SQ".utf8) + [0, 0, 0xFF, 0xFF, 0xFF, 0xFF]   // (0040,A730) SQ
            + [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]                                            // item
        let close: [UInt8] = [0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0] + [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        var body = [UInt8]()
        body.reserveCapacity(depth * (open.count + close.count))
        for _ in 0..<depth { body += open }
        for _ in 0..<depth { body += close }
        return DICOMBuilder().file(sopClass: "1.2.840.10008.5.1.4.1.1.88.11") + Data(body)
    }
}

struct HostileFileError: Error, CustomStringConvertible {
    let description: String
}

/// PNG chunk framing (length, type, data, CRC-32).
enum PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (24 - 8 * $0)) & 0xFF) } }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return be32(data.count) + body + be32(Int(crc))
    }
}

/// zlib (`windowBits` 15) or raw deflate (-15) of a run of zeros, fed in 1 MiB pieces so the
/// test itself never holds the inflated size.
enum Deflate {
    static func zeros(count: Int, windowBits: Int32) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw HostileFileError(description: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var input = [UInt8](repeating: 0, count: 1 << 20)
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = count
        var status = Z_OK
        repeat {
            let piece = min(remaining, input.count)
            remaining -= piece
            let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
            input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(piece)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { buffer in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = uInt(buffer.count)
                        status = deflate(&stream, flush)
                    }
                    output += chunk[0..<(chunk.count - Int(stream.avail_out))]
                } while stream.avail_out == 0
            }
        } while remaining > 0
        guard status == Z_STREAM_END else { throw HostileFileError(description: "deflate ended with \(status)") }
        return output
    }
}
