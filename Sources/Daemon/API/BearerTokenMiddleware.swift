import Foundation
import Hummingbird

/// With a token configured, every request must carry `Authorization: Bearer <token>`; anything
/// else gets 401 with a JSON message (compared in constant time, so timing tells nothing).
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let settings: APISettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard settings.accepts(authorization: request.headers[.authorization]) else {
            var response = APIResponses.error(.unauthorized, "missing or wrong token: send Authorization: Bearer <api.token>")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
