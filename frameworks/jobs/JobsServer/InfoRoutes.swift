import AgoraServer
import Hummingbird
import JobsCore

/// `/ping`, `/metrics` (Chronos), `/info`, `/leader`, `/v1/metrics`, `/v1/queue` (Metronome).
struct InfoRoutes: Sendable {
    let routes: JobsRoutes

    func register(on router: Router<AgoraRequestContext>) {
        router.get("ping") { _, _ in JobsHTTP.text("pong") }
        router.get("metrics") { _, _ in JobsHTTP.json(await self.routes.shell.metricsJSON()) }
        router.get("v1/metrics") { _, _ in JobsHTTP.json(await self.routes.shell.metricsJSON()) }
        router.get("info") { _, _ in
            JobsHTTP.json(.object([("version", "0.6.0"), ("libVersion", "agora-jobs")]))
        }
        router.get("leader") { _, _ in await LeaderReport.response(self.routes.shell) }
        router.get("v1/queue") { _, _ in await self.routes.read { core, _ in JobsHTTP.json(core.metronomeQueue()) } }
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
