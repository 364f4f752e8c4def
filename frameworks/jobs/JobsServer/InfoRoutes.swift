import AgoraMetrics
import AgoraServer
import Hummingbird
import JobsCore
import NIOCore

/// `/ping`, `/metrics` (Chronos's JSON, or the Prometheus text format for Prometheus),
/// `/metrics/prometheus`, `/info`, `/leader`, `/v1/metrics`, `/v1/queue` (Metronome).
struct InfoRoutes: Sendable {
    let routes: JobsRoutes
    let prometheus: JobsPrometheus

    func register(on router: Router<AgoraRequestContext>) {
        router.get("ping") { _, _ in JobsHTTP.text("pong") }
        let prometheus = self.prometheus
        let shell = self.routes.shell
        let exposition: @Sendable () async -> Response = {
            await shell.refresh(prometheus)
            return Response(
                status: .ok, headers: [.contentType: MetricsRegistry.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: prometheus.registry.exposition())))
        }
        // Prometheus's scraper asks for text/plain or OpenMetrics; Chronos clients get JSON.
        router.get("metrics") { request, _ in
            let accept = request.headers[.accept]?.lowercased() ?? ""
            if accept.contains("text/plain") || accept.contains("openmetrics") { return await exposition() }
            return JobsHTTP.json(await shell.metricsJSON())
        }
        router.get("metrics/prometheus") { _, _ in await exposition() }
        router.get("v1/metrics") { _, _ in JobsHTTP.json(await self.routes.shell.metricsJSON()) }
        router.get("info") { _, _ in
            JobsHTTP.json(.object([("version", "0.6.0"), ("libVersion", "agora-jobs")]))
        }
        router.get("leader") { _, _ in await LeaderReport.response(self.routes.shell) }
        router.get("v1/queue") { _, context in await self.routes.read(context) { core, _ in JobsHTTP.json(core.metronomeQueue()) } }
    }
}

/// `{"leader":"host:port"}`: this instance when it leads, else the leader it follows.
enum LeaderReport {
    static func response(_ shell: JobsShell) async -> Response {
        guard let leader = await shell.leaderAddress else {
            return JobsHTTP.json(.object([("message", "There is no leader")]), status: .notFound)
        }
        return JobsHTTP.json(.object([("leader", .string(leader))]))
    }
}

extension JobsShell {
    /// The metrics document.
    func metricsJSON() -> JSONValue { self.metrics.json(core: self.core) }

    /// `host:port` of the leader: this instance when it leads.
    var leaderAddress: String? {
        switch self.role {
        case .leading, .recovering: self.ownAddress
        case .standby(let leader): leader
        }
    }

    /// Where this instance listens, once it does.
    public func listening(on address: String) { self.ownAddress = address }
}
