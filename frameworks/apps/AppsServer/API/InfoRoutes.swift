import AgoraMetrics
import AppsCore
import HTTPTypes
import Hummingbird

/// `/v2/info`, `/v2/leader`, `/ping`, `/metrics`.
struct InfoRoutes {
    let api: APIContext

    func info(_ request: MarathonRequest) async throws(MarathonError) -> Response {
        guard request.method == .get else { throw .methodNotAllowed }
        let view = try await self.api.view(request)
        let leader = self.api.settings.advertisedAddress(port: self.api.port())
        return .marathon(InfoJSON.info(
            settings: self.api.settings, frameworkID: view.frameworkID, leader: leader, elected: true, httpPort: self.api.port()))
    }

    func leader(_ request: MarathonRequest) async throws(MarathonError) -> Response {
        switch request.method {
        case .get:
            guard await self.api.shell.isLeading else { throw .notFound("There is no leader") }
            return .marathon(.object([("leader", .string(self.api.settings.advertisedAddress(port: self.api.port())))]))
        case .delete:
            guard await self.api.abdicate() else { throw .notFound("There is no leader") }
            return .marathon(.object([("message", "Leadership abdicated")]))
        default: throw .methodNotAllowed
        }
    }

    /// `pong` as text, `"pong"` as JSON, 204 when neither is acceptable (Marathon's negotiation).
    static func ping(_ request: MarathonRequest) -> Response {
        let accept = request.headers[.accept]?.lowercased() ?? "*/*"
        if accept.contains("text/plain") || accept.contains("*/*") || accept.contains("text/*") {
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: .init(string: "pong")))
        }
        if accept.contains("application/json") { return .marathon("pong") }
        return .empty(.noContent)
    }

    /// Whether a `/metrics` request asks for the Prometheus text format (as Prometheus's
    /// scraper does: `text/plain` or OpenMetrics in `Accept`); Marathon's clients get JSON.
    static func wantsPrometheus(_ request: MarathonRequest) -> Bool {
        let accept = request.headers[.accept]?.lowercased() ?? ""
        return accept.contains("text/plain") || accept.contains("openmetrics")
    }

    /// `/metrics/prometheus`, and `/metrics` for Prometheus: the text exposition.
    func prometheus() async -> Response {
        let metrics = self.api.metrics
        metrics.prometheus.refresh(view: await self.api.shell.view(), listeners: self.api.shell.events.listenerCount, counters: metrics.counters)
        return Response(
            status: .ok, headers: [.contentType: MetricsRegistry.contentType],
            body: .init(byteBuffer: .init(bytes: metrics.prometheus.registry.exposition())))
    }

    /// A JSON snapshot of the framework's gauges and the API's request counters.
    func metrics() async -> Response {
        let view = await self.api.shell.view()
        let core = view?.core
        let running = core?.allTasks.count { $0.state == .running } ?? 0
        let gauges: [(String, JSONValue)] = [
            ("apps.count", .number(Double(core?.apps.count ?? 0))),
            ("instances.count", .number(Double(core?.instances.count ?? 0))),
            ("tasks.running", .number(Double(running))),
            ("deployments.count", .number(Double(core?.deployments.count ?? 0))),
            ("queue.count", .number(Double(view.map { $0.core.queue(now: $0.now).reduce(0) { $0 + $1.count } } ?? 0))),
            ("events.listeners", .number(Double(self.api.shell.events.listenerCount))),
            ("leader", .number(view == nil ? 0 : 1)),
        ]
        return .marathon(.object([
            ("version", .string(InfoJSON.version)),
            ("gauges", .object(gauges.map { ($0.0, .object([("value", $0.1)])) })),
            ("counters", .object(self.api.metrics.counters.map { ($0.key, .object([("count", .number(Double($0.value)))])) })),
        ]))
    }
}
