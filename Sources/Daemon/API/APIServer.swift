import Foundation
import Hummingbird
import Index
public import Logging
import NIOCore
public import ServiceLifecycle
import Store

/// The daemon's HTTP API on Hummingbird (`[api]`):
///
/// - `POST /v1/search`: ``SearchRequest`` → ``SearchResponse``
/// - `GET /v1/indexes`: every published index (manifest, delta segments, current, tags)
/// - `GET /v1/status`: what `ctl status` shows, as JSON
/// - `GET /healthz`: `{"status": "ok"}` while the daemon runs
/// - `GET /metrics`: Prometheus text (``DaemonMetrics``)
///
/// With `api.token` every request needs `Authorization: Bearer`; bodies over `api.max_body_bytes`
/// get 413, malformed JSON 400, an unknown index 404, all with `{"error": "…"}`. The bound address
/// is written to `Store/run/api.address` (useful with port 0) and shown by `ctl status`.
struct APIServer: Service {
    let settings: APISettings
    let state: DaemonState
    let engine: QueryEngine
    let store: CorpusStore
    let logger: Logger

    var addressFile: URL { store.layout.run.appendingPathComponent("api.address") }

    func run() async throws {
        let settings = settings, state = state, addressFile = addressFile, logger = logger
        let router = Router()
        router.add(middleware: BearerTokenMiddleware(settings: settings))
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
                let folder = directory.path(of: id)
                let deltas = try IndexWriter.deltaNames(in: folder).map { name throws in
                    try IndexManifest.decode(try Data(contentsOf: folder.appendingPathComponent("\(name)/manifest.json")), name: name)
                }
                return Entry(manifest: try directory.manifest(of: id), deltas: deltas, current: id == current,
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
