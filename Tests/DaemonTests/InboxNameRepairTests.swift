import Foundation
import Testing
@testable import Daemon
#if canImport(Glibc)
import Glibc
#endif

@Suite struct InboxNameRepairTests {
    private static func createRaw(_ folder: String, _ name: [UInt8], directory: Bool = false) {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name + [0]
        path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { raw in
                if directory { _ = mkdir(raw.baseAddress!, 0o755) } else { close(open(raw.baseAddress!, O_WRONLY | O_CREAT, 0o644)) }
            }
        }
    }

    private static func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func escapesOnlyTheBytesThatAreNotUTF8() {
        #expect(InboxNameRepair.escaped(Array("bad".utf8) + [0xFF] + Array("name.txt".utf8)) == "bad%FFname.txt")
        // A valid multi-byte character stays; a truncated one is escaped byte by byte.
        #expect(InboxNameRepair.escaped(Array("é".utf8) + [0xE2, 0x82] + Array("x".utf8)) == "é%E2%82x")
        #expect(InboxNameRepair.escaped([0xFE, 0x80], as: "\\x") == "\\xFE\\x80")
    }

    @Test func renamesInPlaceWithoutReplacingAnythingAndWalksStudyFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("m3clip-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/a%FF.txt", contents: Data("already here".utf8))
        Self.createRaw(root, Array("a".utf8) + [0xFF] + Array(".txt".utf8))
        Self.createRaw(root, Array("study".utf8) + [0xC0], directory: true)
        Self.createRaw(root, Array(".staging".utf8) + [0xFF])
        try FileManager.default.createDirectory(atPath: root + "/ok", withIntermediateDirectories: true)
        Self.createRaw(root + "/ok", Array("img".utf8) + [0x80] + Array(".png".utf8))

        let renames = InboxNameRepair.repair(root)
        #expect(Set(renames.map(\.to)) == ["a%FF~2.txt", "study%C0", "ok/img%80.png"])
        #expect(renames.contains { $0.from == "a\\xFF.txt" && $0.to == "a%FF~2.txt" })
        #expect(try String(contentsOfFile: root + "/a%FF.txt", encoding: .utf8) == "already here", "never replaced")
        #expect(Self.names(root + "/ok") == ["img%80.png"])
        // The dot-name is left to its producer, and a second pass has nothing to do.
        #expect(InboxNameRepair.repair(root).isEmpty)
        let left = Self.names(root).filter { !$0.hasPrefix(".") }
        #expect(left == ["a%FF.txt", "a%FF~2.txt", "ok", "study%C0"])
    }
}
