import Foundation
import Hummingbird
import Index
import Models
public import Logging
import NIOCore
public import ServiceLifecycle
import Store

/// The daemon's HTTP API and web app on Hummingbird (`[api]`):
///
/// - `POST /v1/search`: ``SearchRequest`` → ``SearchResponse``
/// - `GET /v1/indexes`: every published index (manifest, delta segments, current, tags)
/// - `GET /v1/status`: what `ctl status` shows, as JSON
/// - `GET /v1/studies/KEY`: a study's parts, sections, sentences with labels and translations
/// - `GET /v1/images/ID?size=N`: a PNG thumbnail of a stored radiograph (N ≤ 512, default 192)
/// - `GET /v1/versions`: the newest 50 corpus versions; `GET /v1/translation`: pending translations per language
/// - `GET /v1/models`: model records with their loss curves; `GET /v1/quarantine`,
///   `POST /v1/quarantine/retry` (`{"id": …}` or `{"all": true}`)
/// - `GET /healthz`: `{"status": "ok"}` while the daemon runs; `GET /metrics`: Prometheus text
/// - `/`, `/study.html`, `/status.html`, `/login.html`: the web app (``WebAssets``)
///
/// With `api.token` every request needs it (``AuthenticationMiddleware``: header or login
/// cookie); bodies over `api.max_body_bytes` get 413, malformed JSON 400, an unknown index or study
/// 404, all with `{"error": "…"}`; every response carries ``SecurityHeadersMiddleware``'s CSP. The
/// bound address is written to `Store/run/api.address` (useful with port 0) and shown by `ctl status`.
struct APIServer: Service {
    let settings: APISettings
    let state: DaemonState
    let engine: QueryEngine
    let store: CorpusStore
    let logger: Logger
    /// Runs a control verb (the quarantine retry button).
    let control: @Sendable (ControlRequest) -> ControlReply
    let assets: WebAssets
    let thumbnails: ThumbnailCache

    var addressFile: URL { store.layout.run.appendingPathComponent("api.address") }

    func run() async throws {
        let settings = settings, state = state, addressFile = addressFile, logger = logger
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: AuthenticationMiddleware(settings: settings))
        router.get("/") { _, _ in page("index.html") }
        for name in WebAssets.pages + ["app.css", "app.js"] { router.get("/\(name)") { _, _ in page(name) } }
        router.post("/login") { request, _ in await login(request) }
        router.get("/v1/studies/:key") { _, context in study(context.parameters.get("key") ?? "") }
        router.get("/v1/images/:id") { request, context in
            image(Int64(context.parameters.get("id") ?? "") ?? -1, size: request.uri.queryParameters.get("size").flatMap { Int($0) } ?? 192)
        }
        router.get("/v1/models") { _, _ in models() }
        router.get("/v1/versions") { _, _ in
            (try? store.versions()).map { APIResponses.json(["versions": Array($0.suffix(50).reversed())]) }
                ?? APIResponses.error(.internalServerError, "cannot read the corpus versions")
        }
        router.get("/v1/translation") { _, _ in
            (try? store.pendingTranslationCounts()).map { APIResponses.json(["pending": $0]) }
                ?? APIResponses.error(.internalServerError, "cannot read the translation queue")
        }
        router.get("/v1/quarantine") { _, _ in APIResponses.json(["entries": Quarantine(layout: store.layout).list()]) }
        router.post("/v1/quarantine/retry") { request, _ in await retry(request) }
        router.get("/healthz") { _, _ in APIResponses.json(["status": "ok"]) }
        router.get("/metrics") { _, _ in metrics() }
        router.get("/v1/status") { _, _ in APIResponses.json(state.snapshot()) }
        router.get("/v1/indexes") { _, _ in indexes() }
        router.post("/v1/search") { request, _ in await search(request) }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(settings.bind.host, port: settings.bind.port), serverName: "m3clip"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.bind.port
                let address = ListenAddress(host: settings.bind.host, port: port)
                try? Data("http://\(address)\n".utf8).write(to: addressFile, options: .atomic)
                state.setAPI("http://\(address)\(settings.token == nil ? " (loopback, no token)" : " (token required)")")
                logger.info("search API listening", metadata: ["address": "http://\(address)"])
            },
            logger: logger)
        do {
            try await app.run()
        } catch {
            state.setAPI("not running: cannot serve on \(settings.bind): \(error)")
            state.recordError("api: \(error)")
            throw error
        }
        try? FileManager.default.removeItem(at: addressFile)
    }

    private func page(_ name: String) -> Response {
        guard let asset = assets.assets[name] else { return APIResponses.error(.notFound, "no page \(name)") }
        return APIResponses.body(asset.bytes, contentType: asset.contentType)
    }

    /// The login form's POST (`token=…`, form-encoded): sets the HttpOnly cookie and goes home.
    private func login(_ request: Request) async -> Response {
        var request = request
        guard let body = try? await request.collectBody(upTo: 4096) else { return APIResponses.error(.contentTooLarge, "the form is too large") }
        let form = String(buffer: body)
        let token = form.split(separator: "&").compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "token" else { return nil }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }.first ?? ""
        var headers = HTTPFields()
        guard settings.accepts(authorization: "Bearer \(token)") else {
            headers[.location] = "/login.html?failed=1"
            return Response(status: .seeOther, headers: headers)
        }
        headers[.location] = "/"
        headers[.setCookie] = "\(AuthenticationMiddleware<BasicRequestContext>.cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/"
        return Response(status: .seeOther, headers: headers)
    }

    private func study(_ key: String) -> Response {
        struct Page: Encodable {
            let study: StudyDetail
            /// Sentences (with labels and translations) per report id.
            let sentences: [String: [SentenceView]]
        }
        do {
            guard let detail = try store.study(key) else { return APIResponses.error(.notFound, "no study '\(key)'") }
            var sentences: [String: [SentenceView]] = [:]
            for report in detail.reports where report.removedVersion == nil {
                sentences[String(report.id)] = try store.sentenceViews(reportID: report.id)
            }
            return APIResponses.json(Page(study: detail, sentences: sentences))
        } catch {
            return APIResponses.error(.internalServerError, "\(error)")
        }
    }

    private func image(_ id: Int64, size: Int) -> Response {
        guard (16...512).contains(size) else { return APIResponses.error(.badRequest, "size must be 16…512") }
        do {
            guard let png = try thumbnails.thumbnail(imageID: id, size: size) else { return APIResponses.error(.notFound, "no image \(id)") }
            var response = APIResponses.body(png, contentType: "image/png")
            response.headers[.cacheControl] = "private, max-age=86400"
            return response
        } catch {
            return APIResponses.error(.unprocessableContent, "image \(id) cannot be shown: \(error)")
        }
    }

    /// Model records with each model's loss curve (from its checkpoint's training.json).
    private func models() -> Response {
        struct Entry: Encodable {
            let record: ModelRecord
            let lossCurve: [[Double]]
            let current: Bool
        }
        do {
            let folders = ModelFolders(layout: store.layout)
            let current = folders.currentID()
            let entries = try store.models().map { record in
                Entry(record: record, lossCurve: folders.trainingRecord(id: record.id)?.lossCurve ?? [], current: record.id == current)
            }
            return APIResponses.json(["models": entries])
        } catch {
            return APIResponses.error(.internalServerError, "\(error)")
        }
    }

    private func retry(_ request: Request) async -> Response {
        struct Body: Decodable { let id: String?; let all: Bool? }
        var request = request
        guard let body = try? await request.collectBody(upTo: 4096),
              let parsed = try? JSONDecoder().decode(Body.self, from: Data(body.readableBytesView)) else {
            return APIResponses.error(.badRequest, "send {\"id\": \"…\"} or {\"all\": true}")
        }
        let arguments = parsed.all == true ? ["--all"] : parsed.id.map { [$0] } ?? []
        guard !arguments.isEmpty else { return APIResponses.error(.badRequest, "send {\"id\": \"…\"} or {\"all\": true}") }
        let reply = control(ControlRequest(verb: "quarantine-retry", arguments: arguments))
        return reply.ok ? APIResponses.json(["result": reply.text ?? "ok"]) : APIResponses.error(.badRequest, reply.error ?? "retry failed")
    }

    private func metrics() -> Response {
        let pending = (try? store.pendingTranslationCounts())?.values.reduce(0, +)
        state.metrics.refresh(state.snapshot(), translationPending: pending)
        return APIResponses.body(state.metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    private func indexes() -> Response {
        struct Entry: Encodable {
            let manifest: IndexManifest
            let deltas: [IndexManifest]
            let current: Bool
            let tags: [String]
        }
        do {
            let directory = engine.indexes
            let current = try directory.currentID()
            let tags = try directory.tags()
            let entries = try directory.ids().map { id throws in
                Entry(manifest: try directory.manifest(of: id), deltas: try directory.deltaManifests(of: id), current: id == current,
                      tags: tags.filter { $0.value == id }.map(\.key).sorted())
            }
            return APIResponses.json(["indexes": entries])
        } catch {
            return APIResponses.error(.internalServerError, "\(error)")
        }
    }

    private func search(_ request: Request) async -> Response {
        let started = ContinuousClock.now
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: settings.maxBodyBytes) } catch {
            return APIResponses.error(.contentTooLarge, "the body is larger than api.max_body_bytes (\(settings.maxBodyBytes) bytes)")
        }
        let parsed: SearchRequest
        do { parsed = try JSONDecoder().decode(SearchRequest.self, from: Data(body.readableBytesView)) } catch {
            return APIResponses.error(.badRequest, "the body is not a search request: \(Self.describe(error))")
        }
        let query: SearchQuery
        do { query = try parsed.query(maxK: settings.maxK) } catch {
            return APIResponses.error(.badRequest, error.message)
        }
        do {
            let result = try engine.search(query)
            state.metrics.recordSearch(ContinuousClock.now - started)
            return APIResponses.json(SearchResponse(result))
        } catch let error as IndexError where error.message.hasPrefix("no index") {
            return APIResponses.error(.notFound, error.message)
        } catch {
            return APIResponses.error(.unprocessableContent, "\(error)")
        }
    }

    /// A decoding error in a sentence, without Swift's type dump.
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: return context.underlyingError.map { "invalid JSON (\($0.localizedDescription))" } ?? context.debugDescription
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case .keyNotFound(let key, _)?: return "missing \(key.stringValue)"
        default: return "\(error)"
        }
    }
}
