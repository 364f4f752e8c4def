import AgoraServer
import AppsCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The Marathon API as router middleware: it answers `/v2/...`, `/ping` and `/metrics`
/// itself — Marathon's paths (`/v2/apps//g/a`, ids with slashes, reserved tails) do not fit
/// a route table — and passes anything else on. Standbys forward to the leader.
struct MarathonAPI: RouterMiddleware {
    typealias Context = AgoraRequestContext
    let api: APIContext
    let proxy: LeaderProxy
    let logger: Logger

    func handle(_ input: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = input.uri.path
        guard path == "/ping" || path == "/metrics" || path == "/metrics/prometheus" || path == "/v2" || path.hasPrefix("/v2/") else {
            return try await next(input, context)
        }
        var raw = input
        let body = try await raw.collectBody(limit: self.api.settings.maxRequestBytes)
        let request = MarathonRequest(
            method: input.method, path: path, query: input.uri.query, headers: input.headers, authority: input.head.authority,
            body: body, origin: RequestOrigin(clientIP: context.remoteIP ?? "", uri: path), principal: context.principal)
        let response = await self.respond(request, pathAndQuery: input.uri.description, channel: context.channel)
        self.api.metrics.record(resource: request.segments.dropFirst().first ?? request.segments.first ?? "/", status: response.status.code)
        return response
    }

    private func respond(_ request: MarathonRequest, pathAndQuery: String, channel: any Channel) async -> Response {
        let segments = request.segments
        if segments == ["ping"] { return InfoRoutes.ping(request) }
        if segments == ["metrics"] {
            if InfoRoutes.wantsPrometheus(request) { return await InfoRoutes(api: self.api).prometheus() }
            return await InfoRoutes(api: self.api).metrics()
        }
        if segments == ["metrics", "prometheus"] { return await InfoRoutes(api: self.api).prometheus() }
        switch await self.api.shell.role {
        case .leading: break
        case .starting: return MarathonError(status: .serviceUnavailable, message: "Starting up; try again shortly").response
        case .standby(nil): return MarathonError(status: .badGateway, message: "Could not determine the current leader").response
        case .standby(let leader?):
            if segments.count >= 2, segments[1] == "events" { return LeaderProxy.redirect(pathAndQuery: pathAndQuery, to: leader) }
            return await self.proxy.forward(request, method: request.method, pathAndQuery: pathAndQuery, to: leader)
        }
        do {
            var response = try await self.route(request, channel: channel)
            response.headers[.marathonLeader] = LeaderProxy.scheme + "://" + self.api.settings.advertisedAddress(port: self.api.port())
            return response
        } catch {
            return error.response
        }
    }

    private func route(_ request: MarathonRequest, channel: any Channel) async throws(MarathonError) -> Response {
        let segments = request.segments
        guard segments.count >= 2, segments[0] == "v2" else { throw .uriNotFound }
        let rest = Array(segments.dropFirst(2))
        switch segments[1] {
        case "apps": return try await AppsRoutes(api: self.api).handle(request, rest: rest)
        case "tasks": return try await TasksRoutes(api: self.api).handle(request, rest: rest)
        case "deployments": return try await DeploymentsRoutes(api: self.api).handle(request, rest: rest)
        case "queue": return try await QueueRoutes(api: self.api).handle(request, rest: rest)
        case "groups": return try await GroupsRoutes(api: self.api).handle(request, rest: rest)
        case "info" where rest.isEmpty: return try await InfoRoutes(api: self.api).info(request)
        case "leader" where rest.isEmpty: return try await InfoRoutes(api: self.api).leader(request)
        case "events" where rest.isEmpty: return try EventsRoute(api: self.api).handle(request, channel: channel)
        default: throw .uriNotFound
        }
    }
}
