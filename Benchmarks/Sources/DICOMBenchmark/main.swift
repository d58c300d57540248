import Foundation
import Formats

// Decode speed of DICOM pixel data against the reference decoder, one thread each, one run:
//   swift run -c release DICOMBenchmark [file.dcm …]
// Default: the 2128×2000 16-bit JPEG 2000 lossless chest DX (pylibjpeg-data 966_fixed.dcm) from
// ../shared/data. For each JPEG 2000 file its codestream is also decoded by `opj_decompress
// -threads 1` (OpenJPEG's own tool, Debian libopenjp2-tools), best of 5 runs each side.

let defaultFiles = ["pylibjpeg-data_github/966_fixed.dcm", "pydicom-data-1.0.0_wheel/RG1_J2KR.dcm",
                    "pylibjpeg-data_github/JPEGLossless_1s_1f_u_16_12.dcm", "pylibjpeg-data_github/RG2_JPLY_fixed.dcm",
                    "pylibjpeg-data_github/RG1_JLSN.dcm", "pydicom-data-1.0.0_wheel/RG1_UNCR.dcm"]
    .map { "../shared/data/images/dicom/" + $0 }
let files = CommandLine.arguments.count > 1 ? Array(CommandLine.arguments.dropFirst()) : defaultFiles
let runs = 5

func best(_ body: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return fastest
}

/// `opj_decompress` on the file's codestream: wall time of the process and the decode time it reports.
func openJPEG(_ codestream: [UInt8]) -> (wall: Double, reported: Double)? {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dicom-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("frame.j2k"), output = directory.appendingPathComponent("frame.raw")
    guard (try? Data(codestream).write(to: input)) != nil else { return nil }
    var wall = Double.infinity, reported = Double.infinity
    for _ in 0..<runs {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/opj_decompress")
        process.arguments = ["-i", input.path, "-o", output.path, "-threads", "1"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        wall = min(wall, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("decode time:") }),
           let value = Double(line.split(separator: " ")[2]) { reported = min(reported, value) }
    }
    return (wall, reported)
}

print("| file | transfer syntax | size | m3clip frame decode (ms) | m3clip to grey (ms) | opj_decompress wall / reported (ms) | ratio |")
print("|---|---|---|---|---|---|---|")
for path in files {
    guard let data = FileManager.default.contents(atPath: path) else {
        print("| \(path) | missing | | | | | |")
        continue
    }
    do {
        let decoder = DICOMImageDecoder(limits: ImageLimits(maxPixels: 1 << 23), threads: 1)
        let file = try DICOMFile(parsing: data)
        var samples: PixelSamples?
        let frame = try best { samples = try decoder.frameSamples(try DICOMFile(parsing: data)).0 }
        let grey = try best { _ = try decoder.decode(data) }
        var reference = "", ratio = ""
        if file.transferSyntax.compression == .jpeg2000, case .fragments(_, let fragments)? = file.dataSet[.pixelData]?.value,
           let opj = openJPEG(fragments.flatMap { Array(file.dataSet.bytes[$0]) }) {
            reference = String(format: "%.1f / %.0f", opj.wall, opj.reported)
            ratio = String(format: "%.2f× (vs wall), %.2f× (vs reported)", frame / opj.wall, frame / opj.reported)
        }
        let size = samples.map { "\($0.width)×\($0.height)×\($0.precision)b" } ?? ""
        print("| \((path as NSString).lastPathComponent) | \(file.transferSyntax) | \(size) | \(String(format: "%.1f", frame)) | \(String(format: "%.1f", grey)) | \(reference) | \(ratio) |")
    } catch {
        print("| \((path as NSString).lastPathComponent) | error: \(error) | | | | | |")
    }
}
