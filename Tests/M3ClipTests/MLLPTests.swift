import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's MLLP listener: an ORU message is acknowledged AA only once it is in the inbox,
/// then ingested into the study its Study Instance UID names; garbage gets AE and is not stored.
@Suite(.serialized) struct MLLPTests {
    static func framed(_ text: String) -> [UInt8] { [0x0B] + Array(text.utf8) + [0x1C, 0x0D] }

    @Test func acknowledgesDurableMessagesAndIngestsThem() throws {
        let cli = try CLIRunner(extraConfig: "[training]\nenabled = false\n[api]\nenabled = false\n[hl7]\nlisten = \"127.0.0.1:0\"\n")
        let daemon = try DaemonProcess(cli)
        var address = ""
        try waitFor("the MLLP address file", timeout: 20) {
            address = (try? String(contentsOf: cli.root.appendingPathComponent("Store/run/mllp.address"), encoding: .utf8)) ?? ""
            return !address.isEmpty
        }
        let port = try #require(address.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").last.flatMap { UInt16($0) })
        let uid = "1.2.840.10008.77.1"
        let message = [
            "MSH|^~\\&|RIS|HOSP|M3CLIP|HOSP|20240312||ORU^R01|CTRL-42|P|2.5.1",
            "OBR|1|ORD|ACC-9|||20240312",
            "ZDS|\(uid)^RIS^Application^DICOM",
            "OBX|1|FT|18782-3^Findings^LN||Small left pleural effusion.||||||F",
        ].joined(separator: "\r")
        let socket = try TestSocket(port: port)
        // Two messages in one write, split frames across writes: both acknowledged in order.
        let bytes = Self.framed(message) + Self.framed("garbage without a header")
        socket.send(Array(bytes[0..<10]))
        socket.send(Array(bytes[10...]))
        // Both acknowledgements may arrive in one read: read until two frames have ended.
        let both = String(decoding: socket.receive { bytes in
            zip(bytes, bytes.dropFirst()).filter { $0 == 0x1C && $1 == 0x0D }.count >= 2
        }, as: UTF8.self)
        let frames = both.split(separator: "\u{1C}\r", omittingEmptySubsequences: true).map(String.init)
        #expect(frames.count == 2, "\(both)")
        let first = frames.first ?? "", second = frames.dropFirst().first ?? ""
        #expect(first.contains("MSA|AA|CTRL-42"), "\(first)")
        #expect(second.contains("MSA|AE||not an HL7 v2 message"), "\(second)")

        try waitFor("the study from the MLLP message", timeout: 30) { try cli.run(["show", uid]).status == 0 }
        let shown = try cli.run(["show", uid]).stdout
        #expect(shown.contains("hl7-oru") && shown.contains("Small left pleural effusion."), "\(shown)")
        // The refused message was never written: nothing left in the inbox, nothing in quarantine.
        try waitFor("the inbox to empty", timeout: 10) { cli.inboxEntries().isEmpty }
        let quarantined = (try? FileManager.default.contentsOfDirectory(atPath: cli.root.appendingPathComponent("Store/quarantine").path)) ?? []
        #expect(quarantined.filter { !$0.hasPrefix(".") }.isEmpty, "\(quarantined)")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }
}
