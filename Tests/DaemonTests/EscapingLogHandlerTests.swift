import Logging
import Testing
@testable import Daemon

@Suite struct EscapingLogHandlerTests {
    @Test func controlCharactersAreEscapedEverywhere() {
        #expect(EscapingLogHandler.escaped("a\nb\rc\td\u{1B}[31m") == "a\\nb\\rc\\td\\u{1b}[31m")
        #expect(EscapingLogHandler.escaped("plain é") == "plain é")
        let metadata: Logger.Metadata = ["file": "x\n2026 critical FORGED", "list": ["ok", "bad\n"]]
        let escaped = EscapingLogHandler.escaped(metadata)
        #expect(escaped["file"] == .string("x\\n2026 critical FORGED"))
        #expect(escaped["list"] == .array([.string("ok"), .string("bad\\n")]))
    }
}
