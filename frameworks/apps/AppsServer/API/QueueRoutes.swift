import AppsCore
import Hummingbird

/// `/v2/queue` (apps waiting for offers, and why) and `DELETE /v2/queue/{id}/delay`.
struct QueueRoutes {
    let api: APIContext

    func handle(_ request: MarathonRequest, rest: [String]) async throws(MarathonError) -> Response {
        switch (request.method, rest.last) {
        case (.get, nil):
            let view = try await self.api.view(request)
            let embed = request.values("embed").contains("lastUnusedOffers")
            let renderer = AppInfoRenderer(view: view, embeds: [], extensions: false)
            let items = view.core.queue(now: view.now).map { entry in
                QueueJSON.item(entry, embedLastUnusedOffers: embed, appJSON: entry.app.marathonJSON(), renderer: renderer)
            }
            return .marathon(.object([("queue", .array(items))]))
        case (.delete, "delay") where rest.count >= 2:
            let command = AppsCommand.resetDelay(appID: AppsRoutes.path(rest.dropLast()))
            guard case .noContent = try await self.api.perform(command, request) else { throw AppsRoutes.unexpected }
            return .empty(.noContent)
        case (_, nil), (_, "delay"): throw .methodNotAllowed
        default: throw .uriNotFound
        }
    }
}
