import Foundation
import Hummingbird

/// JSON and text responses of the API: sorted keys, UTF-8, errors as `{"error": "…"}`.
enum APIResponses {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return body(Array(try encoder.encode(value)), contentType: "application/json; charset=utf-8", status: status)
        } catch {
            return self.error(.internalServerError, "cannot encode the response: \(error)")
        }
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(["error": message], status: status)
    }

    static func body(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
