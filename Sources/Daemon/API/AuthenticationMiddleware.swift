import Foundation
import Hummingbird

/// With a token configured, every request must carry it — as `Authorization: Bearer <token>` (tools)
/// or as the `m3clip_token` cookie the web app's login form sets (browsers, HttpOnly). Without it, a
/// page request is sent to the login form and anything else gets 401 with a JSON message. The login
/// form, its POST and the stylesheet are open.
struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let settings: APISettings

    static var cookieName: String { "m3clip_token" }
    static var openPaths: Set<String> { ["/login", "/login.html", "/app.css"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if settings.token == nil || Self.openPaths.contains(path) { return try await next(request, context) }
        let cookie = request.cookies[Self.cookieName].map { "Bearer \($0.value)" }
        guard settings.accepts(authorization: request.headers[.authorization]) || settings.accepts(authorization: cookie) else {
            if path == "/" || path.hasSuffix(".html") {
                var headers = HTTPFields()
                headers[.location] = "/login.html"
                return Response(status: .seeOther, headers: headers)
            }
            var response = APIResponses.error(.unauthorized, "missing or wrong token: send Authorization: Bearer <api.token>")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
