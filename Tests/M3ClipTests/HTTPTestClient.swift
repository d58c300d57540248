import Foundation

/// A minimal HTTP/1.1 client over a TCP socket for the API tests (one request per connection,
/// `Connection: close`, Content-Length bodies).
struct HTTPTestClient {
    let port: UInt16
    var token: String?

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw Timeout(description: "not a JSON object: \(text)") }
            return object
        }
    }

    /// The client for the daemon whose address file is in `store`.
    init(store: URL, token: String? = nil) throws {
        var address = ""
        try waitFor("the API address file", timeout: 20) {
            address = (try? String(contentsOf: store.appendingPathComponent("run/api.address"), encoding: .utf8)) ?? ""
            return !address.isEmpty
        }
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = trimmed.split(separator: ":").last.flatMap({ UInt16($0) }) else { throw Timeout(description: "bad address \(trimmed)") }
        self.port = port
        self.token = token
    }

    func get(_ path: String, token: String?? = .none) throws -> Response {
        try request("GET", path, body: Data(), token: token ?? self.token)
    }

    func post(_ path: String, json: Any, token: String?? = .none) throws -> Response {
        try request("POST", path, body: try JSONSerialization.data(withJSONObject: json), token: token ?? self.token)
    }

    func request(_ method: String, _ path: String, body: Data, token: String?, headers extra: [String: String] = [:]) throws -> Response {
        let connection = try TestSocket(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in extra { head += "\(name): \(value)\r\n" }
        // The server may answer (413) and close before the whole body is sent.
        connection.send(Array((head + "\r\n").utf8) + Array(body))
        let received = connection.receive()
        guard let split = Self.headerEnd(received) else { throw Timeout(description: "no HTTP response (\(received.count) bytes)") }
        let lines = String(decoding: received[0..<split], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var payload = Array(received[(split + 4)...])
        if let length = headers["content-length"].flatMap(Int.init), payload.count > length { payload = Array(payload.prefix(length)) }
        return Response(status: status, headers: headers, body: Data(payload))
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
