import Foundation
import Testing
@testable import Daemon

@Suite struct APISettingsTests {
    static func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(text, baseDirectory: URL(fileURLWithPath: "/tmp/m3clip-config"))
    }

    @Test func listenAddressesParse() throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:8421") == ListenAddress(host: "127.0.0.1", port: 8421))
        #expect(try ListenAddress(parsing: "[::1]:0") == ListenAddress(host: "::1", port: 0))
        #expect(try ListenAddress(parsing: "[::1]:80").description == "[::1]:80")
        for loopback in ["127.0.0.1:1", "127.5.6.7:1", "localhost:1", "[::1]:1"] {
            #expect(try ListenAddress(parsing: loopback).isLoopback, "\(loopback)")
        }
        for open in ["0.0.0.0:1", "10.0.0.2:1", "[::]:1", "example.org:1", "127.0.0.1.evil.org:1", "127.0.0:1"] {
            #expect(try !ListenAddress(parsing: open).isLoopback, "\(open)")
        }
        for bad in ["8421", ":8421", "host:", "host:70000", "[::1]8421", "host:-1"] {
            #expect(throws: ListenAddress.ParseError.self, "\(bad)") { try ListenAddress(parsing: bad) }
        }
    }

    @Test func defaultsAreLoopbackWithoutToken() throws {
        let api = try Self.parse("").api
        #expect(api.enabled && api.bind == ListenAddress(host: "127.0.0.1", port: 8421) && api.token == nil)
        #expect(api.maxBodyBytes == 16 << 20 && api.maxK == 1_000)
        let index = try Self.parse("").index
        #expect("\(index.dtype)" == "float32" && index.freshness && index.mergeAfterDeltas == 32)
    }

    @Test func anOpenBindWithoutATokenIsRefused() throws {
        let error = #expect(throws: ConfigurationError.self) { try Self.parse("[api]\nbind = \"0.0.0.0:8421\"") }
        #expect(error?.key == "api.bind")
        #expect(error?.message.contains("token") == true)
        let open = try Self.parse("[api]\nbind = \"0.0.0.0:8421\"\ntoken = \"0123456789abcdef0123\"").api
        #expect(open.token == "0123456789abcdef0123" && !open.bind.isLoopback)
        // Disabled, nothing listens: nothing to refuse.
        #expect(try !Self.parse("[api]\nenabled = false\nbind = \"0.0.0.0:8421\"").api.enabled)
        #expect(throws: ConfigurationError.self) { try Self.parse("[api]\ntoken = \"short\"") }
        #expect(throws: ConfigurationError.self) { try Self.parse("[api]\nbind = \"nowhere\"") }
        #expect(throws: ConfigurationError.self) { try Self.parse("[api]\nmax_k = 0") }
        #expect(throws: ConfigurationError.self) { try Self.parse("[index]\ndtype = \"float64\"") }
        #expect(throws: ConfigurationError.self) { try Self.parse("[api]\nport = 1") }
    }

    @Test func onlyTheBearerTokenPasses() throws {
        let open = try Self.parse("").api
        #expect(open.accepts(authorization: nil) && open.accepts(authorization: "Bearer anything"))
        let guarded = try Self.parse("[api]\ntoken = \"0123456789abcdef\"").api
        #expect(guarded.accepts(authorization: "Bearer 0123456789abcdef"))
        for wrong in [nil, "", "Bearer 0123456789abcdeg", "Bearer 0123456789abcdef0", "bearer 0123456789abcdef", "0123456789abcdef"] {
            #expect(!guarded.accepts(authorization: wrong), "\(wrong ?? "nil")")
        }
    }
}
